import { gcm } from "@noble/ciphers/aes.js";
import { randomBytes } from "@noble/ciphers/utils.js";

export const NONCE_BYTES = 12;
export const KEY_BYTES = 32;

/** AES-256-GCM with a fresh random 96-bit nonce; returns nonce | ciphertext | tag. */
export function aeadSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = gcm(key, nonce, aad).encrypt(plaintext);
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, NONCE_BYTES);
  return out;
}

/** Opens nonce | ciphertext | tag; throws when the key, the AAD or any byte is wrong. */
export function aeadOpen(key: Uint8Array, box: Uint8Array, aad: Uint8Array): Uint8Array {
  if (box.length < NONCE_BYTES + 16) throw new DecryptionError();
  try {
    return gcm(key, box.subarray(0, NONCE_BYTES), aad).decrypt(box.subarray(NONCE_BYTES));
  } catch {
    throw new DecryptionError();
  }
}

/** Raised when a ciphertext cannot be opened. Says nothing about why, on purpose. */
export class DecryptionError extends Error {
  constructor() {
    super("Ciphertext could not be opened");
    this.name = "DecryptionError";
  }
}

export function newKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

export { randomBytes };
