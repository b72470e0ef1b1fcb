import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { masterKey } from "./master-key";

/**
 * A 256-bit secret for another component (e.g. next-auth's CSRF signing) derived from the master key with
 * HKDF-SHA256 and a purpose label, so embedded mode needs no second secret to configure.
 */
export function deriveSecret(purpose: string): string {
  return Buffer.from(hkdf(sha256, masterKey(), undefined, utf8ToBytes(`vaultline:${purpose}`), 32)).toString("base64url");
}
