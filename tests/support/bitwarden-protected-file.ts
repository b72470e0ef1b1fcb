import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes, randomUUID } from "node:crypto";
import { hashRaw } from "@node-rs/argon2";
import type { BitwardenKeys } from "./bitwarden-decrypt";

/*
 * A password-protected Bitwarden export built by hand from Bitwarden's published description (help article
 * "Encrypted exports" and its clients' importer: the KDF of the file header, HKDF-Expand into "enc" and "mac" keys,
 * EncString type 2 = AES-256-CBC + HMAC-SHA256 over IV | ciphertext), with node:crypto and the Argon2 primitive only,
 * none of Vaultline's code: what Vaultline reads from it, it reads as Bitwarden wrote it, not as Vaultline's writer did.
 */

/** The header's KDF keys, in Bitwarden's names and units (kdfMemory in MiB). */
export type SpecKdf = { kdfType: 0; kdfIterations: number } | { kdfType: 1; kdfIterations: number; kdfMemory: number; kdfParallelism: number };

/** Bitwarden's defaults for new accounts: PBKDF2 600,000, or Argon2id 3 iterations, 64 MiB, 4 lanes. */
export const PBKDF2_DEFAULT: SpecKdf = { kdfType: 0, kdfIterations: 600_000 };
export const ARGON2ID_DEFAULT: SpecKdf = { kdfType: 1, kdfIterations: 3, kdfMemory: 64, kdfParallelism: 4 };

export async function specKeys(password: string, salt: string, kdf: SpecKdf): Promise<BitwardenKeys> {
  const secret = Buffer.from(password, "utf8");
  const masterKey =
    kdf.kdfType === 0
      ? pbkdf2Sync(secret, Buffer.from(salt, "utf8"), kdf.kdfIterations, 32, "sha256")
      : // Argon2id salts with the SHA-256 of the salt text, and takes its memory in KiB.
        await hashRaw(secret, {
          salt: createHash("sha256").update(salt, "utf8").digest(),
          timeCost: kdf.kdfIterations,
          memoryCost: kdf.kdfMemory * 1024,
          parallelism: kdf.kdfParallelism,
          outputLen: 32,
          algorithm: 2,
        });
  // HKDF-Expand with the master key as the PRK (no Extract); 32 bytes is one HMAC block: T(1) = HMAC(prk, info | 0x01).
  const expand = (info: string) => createHmac("sha256", masterKey).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest();
  return { encryption: expand("enc"), mac: expand("mac") };
}

/** "2." b64(iv) "|" b64(AES-256-CBC ciphertext, PKCS#7) "|" b64(HMAC-SHA256(mac key, iv | ciphertext)). */
export function encString(plaintext: Buffer, keys: BitwardenKeys): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", keys.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const mac = createHmac("sha256", keys.mac).update(Buffer.concat([iv, ciphertext])).digest();
  return `2.${iv.toString("base64")}|${ciphertext.toString("base64")}|${mac.toString("base64")}`;
}

/** The file Bitwarden writes for `plainExport` (the text of an unencrypted JSON export) under `password`. */
export async function passwordProtectedExport(plainExport: string, password: string, kdf: SpecKdf): Promise<string> {
  const salt = randomBytes(16).toString("base64");
  const keys = await specKeys(password, salt, kdf);
  return JSON.stringify(
    {
      encrypted: true,
      passwordProtected: true,
      salt,
      ...kdf,
      encKeyValidation_DO_NOT_EDIT: encString(Buffer.from(randomUUID()), keys),
      data: encString(Buffer.from(plainExport, "utf8"), keys),
    },
    null,
    2,
  );
}
