import { createHash, timingSafeEqual } from "node:crypto";
import { randomBytes } from "./aead";

/**
 * A random token of `bytes` bytes (256 bits by default): session, invite, reset and API tokens. Base64url by
 * default; hex where the token must stay one word when double-clicked (API keys).
 */
export function randomToken(bytes = 32, encoding: "base64url" | "hex" = "base64url"): string {
  return Buffer.from(randomBytes(bytes)).toString(encoding);
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
