import { createHash, timingSafeEqual } from "node:crypto";
import { randomBytes } from "./aead";

/** A random token of `bytes` bytes (256 bits by default), base64url: session, invite, reset and API tokens. */
export function randomToken(bytes = 32): string {
  return Buffer.from(randomBytes(bytes)).toString("base64url");
}

/** How tokens are stored: SHA-256, hex. Tokens carry 256 bits of entropy, so no salt or stretching is needed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of two strings of hex or base64. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
