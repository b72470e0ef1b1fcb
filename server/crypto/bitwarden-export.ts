import "server-only";
import { createDecipheriv, createHash, createHmac, pbkdf2, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { hashRaw } from "@node-rs/argon2";
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
 *                used as its UTF-8 bytes (not decoded); or, when the exporting account uses Argon2id (kdfType 1),
 *                Argon2id(password, SHA-256(salt text), iterations, kdfMemory MiB, kdfParallelism);
 *   stretched  = HKDF-Expand(master key, "enc", 32) | HKDF-Expand(master key, "mac", 32) (no HKDF-Extract);
 *   EncString type 2 (AesCbc256_HmacSha256_B64) = "2." b64(iv) "|" b64(AES-256-CBC/PKCS#7 ciphertext) "|"
 *                b64(HMAC-SHA256(mac key, iv | ciphertext)).
 */

/** Bitwarden's KdfType for PBKDF2-SHA256. */
export const BITWARDEN_KDF_PBKDF2_SHA256 = 0;
/** Bitwarden's KdfType for Argon2id. */
export const BITWARDEN_KDF_ARGON2ID = 1;

/**
 * A file's key-derivation settings, as its header states them: PBKDF2-SHA256 iterations, or Argon2id iterations,
 * memory in MiB and parallelism (Bitwarden's own units).
 */
export type BitwardenKdf =
  | { type: typeof BITWARDEN_KDF_PBKDF2_SHA256; iterations: number }
  | { type: typeof BITWARDEN_KDF_ARGON2ID; iterations: number; memoryMiB: number; parallelism: number };

/**
 * The settings Bitwarden's own importer accepts (its KdfConfig bounds: PBKDF2 5,000–2,000,000 iterations; Argon2id
 * 2–10 iterations, 16–1,024 MiB, 1–16 lanes). A file is attacker-controlled: anything beyond is refused before any
 * work, so a crafted header cannot make the server spend gigabytes or minutes.
 */
export function bitwardenKdfInBounds(kdf: BitwardenKdf): boolean {
  const within = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (kdf.type === BITWARDEN_KDF_PBKDF2_SHA256) return within(kdf.iterations, 5_000, 2_000_000);
  return within(kdf.iterations, 2, 10) && within(kdf.memoryMiB, 16, 1024) && within(kdf.parallelism, 1, 16);
}

/** An EncString that does not open under the key: a wrong password, or an altered file. */
export class EncStringMacError extends Error {
  constructor() {
    super("The EncString's MAC does not match: wrong key, or altered data.");
    this.name = "EncStringMacError";
  }
}

/** Text that is not a type-2 EncString ("2.iv|ct|mac", each part base64). */
export class EncStringFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncStringFormatError";
  }
}
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
    return BitwardenExportKey.#derive(password, salt, { type: BITWARDEN_KDF_PBKDF2_SHA256, iterations });
  }

  /**
   * Derives the key of a file with either of Bitwarden's KDFs (the importer's side): PBKDF2-SHA256 over the salt
   * text, or Argon2id (v1.3, 32 bytes) salted with the SHA-256 of the salt text, as Bitwarden's clients do. Throws
   * on settings outside `bitwardenKdfInBounds`; callers check first to say so in their own words.
   */
  static async deriveWith(password: string, salt: string, kdf: BitwardenKdf): Promise<BitwardenExportKey> {
    if (!bitwardenKdfInBounds(kdf)) throw new Error("The key-derivation settings are outside Bitwarden's bounds.");
    return BitwardenExportKey.#derive(password, salt, kdf);
  }

  static async #derive(password: string, salt: string, kdf: BitwardenKdf): Promise<BitwardenExportKey> {
    if (password.length === 0) throw new Error("A password-protected export needs a password.");
    const encoder = new TextEncoder();
    // Bitwarden encodes the password as UTF-8 without normalising it; so must we, or its importer derives another key.
    const passwordBytes = encoder.encode(password);
    const masterKey =
      kdf.type === BITWARDEN_KDF_PBKDF2_SHA256
        ? new Uint8Array(await pbkdf2OnThreadPool(passwordBytes, encoder.encode(salt), kdf.iterations, 32, "sha256"))
        : new Uint8Array(
            await hashRaw(passwordBytes, {
              salt: createHash("sha256").update(encoder.encode(salt)).digest(),
              timeCost: kdf.iterations,
              memoryCost: kdf.memoryMiB * 1024,
              parallelism: kdf.parallelism,
              outputLen: 32,
              algorithm: 2, // Argon2id (@node-rs/argon2's const enum, which isolatedModules cannot import)
              version: 1, // 0x13
            }),
          );
    passwordBytes.fill(0);
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

  /**
   * Opens one type-2 EncString: the MAC over IV and ciphertext is checked (in constant time) before anything is
   * decrypted. Throws EncStringFormatError for text of another shape, EncStringMacError under a wrong key. node:crypto
   * does the work here: a whole vault can be one EncString of 100 MB, and its native AES and HMAC are many times faster.
   */
  decryptBytes(encString: string): Uint8Array {
    const match = /^2\.([A-Za-z0-9+/]+={0,2})\|([A-Za-z0-9+/]+={0,2})\|([A-Za-z0-9+/]+={0,2})$/.exec(encString);
    if (!match) throw new EncStringFormatError("Not a type-2 EncString (\"2.iv|data|mac\").");
    const [iv, ciphertext, mac] = [match[1]!, match[2]!, match[3]!].map((part) => Buffer.from(part, "base64"));
    if (iv!.length !== BLOCK || mac!.length !== 32 || ciphertext!.length === 0 || ciphertext!.length % BLOCK !== 0) {
      throw new EncStringFormatError("The EncString's parts have the wrong lengths.");
    }
    const expected = createHmac("sha256", this.#macKey).update(iv!).update(ciphertext!).digest();
    if (!timingSafeEqual(expected, mac!)) throw new EncStringMacError();
    const decipher = createDecipheriv("aes-256-cbc", this.#encryptionKey, iv!);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext!), decipher.final()]));
  }

  /** decryptBytes, read as UTF-8 text. */
  decryptString(encString: string): string {
    return new TextDecoder().decode(this.decryptBytes(encString));
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
