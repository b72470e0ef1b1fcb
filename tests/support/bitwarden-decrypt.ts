import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from "node:crypto";

/*
 * An independent reading of Bitwarden's password-protected export, written from Bitwarden's published description
 * with node:crypto only (none of the exporter's code), for tests: PBKDF2-SHA256 over the salt TEXT, HKDF-Expand by
 * hand (one HMAC block: T(1) = HMAC(prk, info | 0x01)), then each EncString "2.iv|ct|mac" has its MAC checked
 * before AES-256-CBC decrypts it.
 */

export type BitwardenKeys = { encryption: Buffer; mac: Buffer };

export function bitwardenKeys(password: string, salt: string, iterations: number): BitwardenKeys {
  const masterKey = pbkdf2Sync(Buffer.from(password, "utf8"), Buffer.from(salt, "utf8"), iterations, 32, "sha256");
  const expand = (info: string) =>
    createHmac("sha256", masterKey).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest();
  return { encryption: expand("enc"), mac: expand("mac") };
}

/** The plaintext bytes of a type-2 EncString; throws "MAC mismatch" under a wrong key or for an altered string. */
export function decryptEncString(encString: string, keys: BitwardenKeys): Buffer {
  const match = /^2\.([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(encString);
  if (!match) throw new Error("not a type 2 EncString");
  const [iv, ciphertext, mac] = match.slice(1).map((part) => Buffer.from(part, "base64")) as [Buffer, Buffer, Buffer];
  if (iv.length !== 16) throw new Error("an EncString's IV is 16 bytes");
  const expected = createHmac("sha256", keys.mac).update(Buffer.concat([iv, ciphertext])).digest();
  if (expected.length !== mac.length || !timingSafeEqual(expected, mac)) throw new Error("MAC mismatch");
  const decipher = createDecipheriv("aes-256-cbc", keys.encryption, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** The plain export inside a password-protected export file's text, as Bitwarden's importer would open it. */
export function openPasswordProtectedExport(fileText: string, password: string): string {
  const file = JSON.parse(fileText) as { salt: string; kdfIterations: number; encKeyValidation_DO_NOT_EDIT: string; data: string };
  const keys = bitwardenKeys(password, file.salt, file.kdfIterations);
  decryptEncString(file.encKeyValidation_DO_NOT_EDIT, keys); // a wrong password stops here, as in Bitwarden
  return decryptEncString(file.data, keys).toString("utf8");
}
