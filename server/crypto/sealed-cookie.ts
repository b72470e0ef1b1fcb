import "server-only";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { aeadOpen, aeadSeal, DecryptionError } from "./aead";
import { masterKey } from "./master-key";

/** A key for one cookie's purpose, derived from the master key, so cookies of one purpose never open as another. */
const cookieKey = (purpose: string) => hkdf(sha256, masterKey(), undefined, utf8ToBytes(`vaultline:cookie:${purpose}`), 32);

/**
 * Seals a small JSON value for a cookie (AES-256-GCM, bound to `purpose`), with its expiry inside: the browser holds
 * it, but can neither read nor change it, and a copy kept past `ttlSeconds` no longer opens.
 */
export function sealCookie(purpose: string, value: unknown, ttlSeconds: number): string {
  const body = utf8ToBytes(JSON.stringify({ value, expiresAt: Date.now() + ttlSeconds * 1000 }));
  return Buffer.from(aeadSeal(cookieKey(purpose), body, utf8ToBytes(purpose))).toString("base64url");
}

/** Opens a cookie sealed by sealCookie for the same purpose; null when it was tampered with, foreign or expired. */
export function openCookie(purpose: string, sealed: string | undefined): unknown {
  if (!sealed) return null;
  try {
    const body = aeadOpen(cookieKey(purpose), Buffer.from(sealed, "base64url"), utf8ToBytes(purpose));
    const { value, expiresAt } = JSON.parse(Buffer.from(body).toString("utf8")) as { value: unknown; expiresAt: number };
    return expiresAt > Date.now() ? value : null;
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof SyntaxError) return null;
    throw error;
  }
}
