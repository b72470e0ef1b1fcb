import { authenticator } from "otplib";
import type { Tx } from "@/db/client";
import { openSystemSecret, openTenantSecret, sealSystemSecret, type FieldRef } from "./keyring";
import type { Sealed } from "@/lib/secret-brands";

authenticator.options = { step: 30, window: 1, digits: 6 };

const seedRef = (userId: string): FieldRef => ({ table: "users", rowId: userId, field: "totp_secret" });

/**
 * A fresh TOTP seed for enrolment, sealed for storage, with the plaintext seed and otpauth:// URI that the
 * enrolment screen shows once (QR code and manual entry).
 */
export async function newTotpEnrolment(tx: Tx, userId: string, account: string, issuer: string) {
  const seed = authenticator.generateSecret(20);
  return {
    sealed: await sealSystemSecret(tx, seedRef(userId), seed),
    seed,
    uri: authenticator.keyuri(account, issuer, seed),
  };
}

/**
 * Checks a 6-digit code against the user's sealed seed, allowing one step of clock drift. Returns the matched
 * time step so the caller can refuse a replay of the same code, or null when the code is wrong.
 */
export async function checkTotpCode(tx: Tx, userId: string, sealed: Sealed, code: string, now = Date.now()) {
  const seed = await openSystemSecret(tx, seedRef(userId), sealed);
  const delta = authenticator.checkDelta(code, seed);
  if (delta === null) return null;
  return Math.floor(now / 1000 / 30) + delta;
}

/**
 * The current code of a credential's sealed TOTP seed and the seconds it stays valid: technicians see codes,
 * never the seed.
 */
export async function currentTotpCode(tx: Tx, tenantId: string, ref: FieldRef, sealed: Sealed, now = Date.now()) {
  const seed = await openTenantSecret(tx, tenantId, ref, sealed);
  return { code: authenticator.generate(seed), secondsLeft: 30 - (Math.floor(now / 1000) % 30) };
}

/**
 * Normalises what a user pastes as a TOTP secret: a base32 seed (spaces and case ignored) or an otpauth://totp
 * URI. Returns the seed, or an error message naming what is wrong. Only the common 6-digit, 30-second,
 * SHA-1 codes are supported.
 */
export function parseTotpSecret(input: string): { seed: string } | { error: string } {
  const trimmed = input.trim();
  let seed = trimmed;
  if (/^otpauth:/i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return { error: "TOTP must be a base32 secret or an otpauth://totp/ link." };
    }
    if (url.host.toLowerCase() !== "totp") return { error: "Only otpauth://totp/ links are supported (not HOTP)." };
    const digits = url.searchParams.get("digits") ?? "6";
    const period = url.searchParams.get("period") ?? "30";
    const algorithm = (url.searchParams.get("algorithm") ?? "SHA1").toUpperCase();
    if (digits !== "6" || period !== "30" || algorithm !== "SHA1") {
      return { error: "Only 6-digit, 30-second SHA-1 TOTP codes are supported." };
    }
    seed = url.searchParams.get("secret") ?? "";
  }
  seed = seed.replace(/[\s-]/g, "").toUpperCase().replace(/=+$/, "");
  if (!/^[A-Z2-7]{16,128}$/.test(seed)) return { error: "TOTP secret must be base32 (letters A–Z and digits 2–7), at least 16 characters." };
  return { seed };
}
