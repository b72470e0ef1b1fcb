import "server-only";
import { pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import { randomBytes } from "@noble/ciphers/utils.js";
import { aeadSeal } from "./aead";

// Node's PBKDF2 runs on the thread pool, about ten times faster than a JavaScript one at 600,000 iterations.
const pbkdf2OnThreadPool = promisify(pbkdf2);

/*
 * The key of the encrypted offline HTML export: PBKDF2-HMAC-SHA-256 over the export passphrase (Unicode NFC, UTF-8)
 * and a random 128-bit salt, to an AES-256-GCM key. The page derives the same key with WebCrypto, which has both
 * natively, so the browser needs no library.
 */

/** OWASP's minimum for PBKDF2-HMAC-SHA-256 (2023); the page reads the count from the file, so it can grow later. */
export const OFFLINE_EXPORT_PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;

/** What the page needs to derive the key again: stored in the clear beside the ciphertext. */
export type OfflineExportKdf = { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: string };

/** The derived AES-256-GCM key; its bytes never leave this module. */
export class OfflineExportKey {
  readonly #key: Uint8Array;
  readonly kdf: OfflineExportKdf;

  private constructor(key: Uint8Array, kdf: OfflineExportKdf) {
    this.#key = key;
    this.kdf = kdf;
  }

  /** Derives a key under a fresh salt. The passphrase policy (length, strength) is the caller's to enforce. */
  static async derive(passphrase: string, iterations = OFFLINE_EXPORT_PBKDF2_ITERATIONS): Promise<OfflineExportKey> {
    if (passphrase.length === 0) throw new Error("An encrypted export needs a passphrase.");
    if (iterations < OFFLINE_EXPORT_PBKDF2_ITERATIONS) {
      throw new Error(`PBKDF2 needs at least ${OFFLINE_EXPORT_PBKDF2_ITERATIONS} iterations here.`);
    }
    const salt = randomBytes(SALT_BYTES);
    // NFC on both sides: the same passphrase typed on another system may arrive composed differently.
    const password = new TextEncoder().encode(passphrase.normalize("NFC"));
    const key = new Uint8Array(await pbkdf2OnThreadPool(password, salt, iterations, 32, "sha256"));
    return new OfflineExportKey(key, {
      name: "PBKDF2",
      hash: "SHA-256",
      iterations,
      salt: Buffer.from(salt).toString("base64"),
    });
  }

  /** AES-256-GCM with a fresh random 96-bit nonce; returns base64(nonce | ciphertext | tag), what WebCrypto opens. */
  seal(plaintext: Uint8Array, additionalData: Uint8Array): string {
    return Buffer.from(aeadSeal(this.#key, plaintext, additionalData)).toString("base64");
  }
}
