import { authenticator } from "otplib";
import type { Tx } from "@/db/client";
import { openSystemSecret, sealSystemSecret, type FieldRef } from "./keyring";
import type { Sealed } from "./types";

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
