import "server-only";
import { pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import { cbc } from "@noble/ciphers/aes.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { expand } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

// Node's PBKDF2 runs on the thread pool, about ten times faster than a JavaScript one at 600,000 iterations.
const pbkdf2OnThreadPool = promisify(pbkdf2);

/*
 * Bitwarden's "password protected" export, as Bitwarden's clients write and read it:
 *   master key = PBKDF2-SHA256(password, salt, iterations), where the salt is the base64 TEXT of 16 random bytes,
 *                used as its UTF-8 bytes (not decoded);
 *   stretched  = HKDF-Expand(master key, "enc", 32) | HKDF-Expand(master key, "mac", 32) (no HKDF-Extract);
 *   EncString type 2 (AesCbc256_HmacSha256_B64) = "2." b64(iv) "|" b64(AES-256-CBC/PKCS#7 ciphertext) "|"
 *                b64(HMAC-SHA256(mac key, iv | ciphertext)).
 */

/** Bitwarden's KdfType for PBKDF2-SHA256 (1 is Argon2id). */
export const BITWARDEN_KDF_PBKDF2_SHA256 = 0;
/** Bitwarden's default PBKDF2 iterations for new accounts and exports (OWASP's figure for PBKDF2-HMAC-SHA256). */
export const BITWARDEN_PBKDF2_ITERATIONS = 600_000;
/** EncryptionType.AesCbc256_HmacSha256_B64. */
const ENC_STRING_TYPE = 2;
const BLOCK = 16;

/** The stretched key of a password-protected export; its bytes never leave this module. */
export class BitwardenExportKey {
  readonly #encryptionKey: Uint8Array;
  readonly #macKey: Uint8Array;

  private constructor(encryptionKey: Uint8Array, macKey: Uint8Array) {
    this.#encryptionKey = encryptionKey;
    this.#macKey = macKey;
  }

  /** Derives the key from the export password and the file's salt text, as Bitwarden's importer will. */
  static async derive(password: string, salt: string, iterations: number): Promise<BitwardenExportKey> {
    if (password.length === 0) throw new Error("A password-protected export needs a password.");
    const encoder = new TextEncoder();
    // Bitwarden encodes the password as UTF-8 without normalising it; so must we, or its importer derives another key.
    const masterKey = new Uint8Array(await pbkdf2OnThreadPool(encoder.encode(password), encoder.encode(salt), iterations, 32, "sha256"));
    const key = new BitwardenExportKey(
      expand(sha256, masterKey, encoder.encode("enc"), 32),
      expand(sha256, masterKey, encoder.encode("mac"), 32),
    );
    masterKey.fill(0);
    return key;
  }

  /** A writer for one EncString whose plaintext arrives in pieces (the whole vault, streamed). */
  encStringWriter(): EncStringWriter {
    return new EncStringWriter(this.#encryptionKey, this.#macKey);
  }

  /** One short EncString in one call (the key-validation value). */
  encryptString(plaintext: string): string {
    const writer = this.encStringWriter();
    return writer.begin() + writer.update(new TextEncoder().encode(plaintext)) + writer.finish();
  }
}

/** A fresh export salt: 16 random bytes as base64 text, the form Bitwarden writes and feeds to PBKDF2 as text. */
export function newBitwardenExportSalt(): string {
  return Buffer.from(randomBytes(16)).toString("base64");
}

/**
 * Encrypts a stream of plaintext bytes into one type-2 EncString, emitting the text as it goes: begin() gives the
 * type and IV, each update() the base64 of the ciphertext so far, finish() the rest and the MAC. CBC is chained across
 * calls by hand (each piece encrypted unpadded with the previous ciphertext block as its IV, the tail padded), which is
 * the same ciphertext as one call over the whole input, so memory stays flat for any vault size.
 */
export class EncStringWriter {
  readonly #encryptionKey: Uint8Array;
  readonly #mac: ReturnType<typeof hmac.create>;
  #chainIv: Uint8Array = randomBytes(BLOCK);
  /** Plaintext not yet encrypted (less than one block). */
  #plaintextTail = new Uint8Array(0);
  /** Ciphertext not yet base64-encoded (less than three bytes, so the emitted pieces join into one base64 string). */
  #ciphertextTail = new Uint8Array(0);
  #state: "new" | "open" | "done" = "new";

  constructor(encryptionKey: Uint8Array, macKey: Uint8Array) {
    this.#encryptionKey = encryptionKey;
    this.#mac = hmac.create(sha256, macKey);
  }

  begin(): string {
    this.#expect("new");
    this.#state = "open";
    this.#mac.update(this.#chainIv);
    return `${ENC_STRING_TYPE}.${Buffer.from(this.#chainIv).toString("base64")}|`;
  }

  update(plaintext: Uint8Array): string {
    this.#expect("open");
    const pending = concat(this.#plaintextTail, plaintext);
    const whole = pending.length - (pending.length % BLOCK);
    this.#plaintextTail = pending.slice(whole);
    if (whole === 0) return "";
    const ciphertext = cbc(this.#encryptionKey, this.#chainIv, { disablePadding: true }).encrypt(pending.subarray(0, whole));
    this.#chainIv = ciphertext.slice(ciphertext.length - BLOCK);
    return this.#emit(ciphertext);
  }

  finish(): string {
    this.#expect("open");
    this.#state = "done";
    const ciphertext = cbc(this.#encryptionKey, this.#chainIv).encrypt(this.#plaintextTail); // PKCS#7 padding
    const text = this.#emit(ciphertext) + Buffer.from(this.#ciphertextTail).toString("base64");
    return `${text}|${Buffer.from(this.#mac.digest()).toString("base64")}`;
  }

  #emit(ciphertext: Uint8Array): string {
    this.#mac.update(ciphertext);
    const pending = concat(this.#ciphertextTail, ciphertext);
    const whole = pending.length - (pending.length % 3);
    this.#ciphertextTail = pending.slice(whole);
    return Buffer.from(pending.subarray(0, whole)).toString("base64");
  }

  #expect(state: "new" | "open") {
    if (this.#state !== state) throw new Error(`EncStringWriter used out of order (it is ${this.#state}).`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
