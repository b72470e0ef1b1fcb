import "server-only";
import { eq } from "drizzle-orm";
import { alsoAsUser, type Tx } from "@/db/client";
import { passkeys, users } from "@/db/schema";
import type { FreshConfirmation } from "@/lib/reconfirm";
import { verifyPassword } from "@/server/auth/password-hash";
import { clearAttempts, countAttempt, type ThrottleRule } from "@/server/auth/throttle";
import { checkTotpCode } from "@/server/crypto/totp";
import { authenticationOptions } from "@/server/auth/webauthn";
import { AppError, badInput } from "@/server/errors";
import { directoryPasswordCheck } from "../directory/directory-login";
import { checkPasskey } from "./passkey-login";

/**
 * A challenge for confirming with a passkey: one of the user's own, user verification preferred (the second-factor
 * ceremony, as at sign-in). A user without passkeys gets one too, which no assertion of theirs can answer.
 */
export async function confirmationPasskeyOptions(tx: Tx, userId: string) {
  const mine = await tx.select().from(passkeys).where(eq(passkeys.userId, userId));
  return authenticationOptions(tx, "second_factor", userId, mine);
}

/** Five wrong confirmations in 15 minutes lock confirming for 15 minutes: the login rule, per user. */
export const FRESH_CONFIRMATION_LIMIT: ThrottleRule = { failures: 5, windowMinutes: 15, lockMinutes: 15 };

const throttleKey = (userId: string) => `fresh-confirmation:${userId}`;

/**
 * Checks that the signed-in user is at the keyboard now, before something a stolen session alone must not do (an
 * export, secrets after a while): their account password, a current code of their authenticator app (never the same
 * code twice, as at sign-in), or one of their passkeys (a challenge from `confirmationPasskeyOptions`). Attempts are counted per user in the caller's transaction, before the check, so guesses in parallel
 * queue behind each other; a success clears the count.
 *
 * Returns null when confirmed, or the refusal to answer with. A refusal is returned, not thrown: the caller must
 * let its transaction commit, or the count of the failed attempt would roll back with it.
 */
export async function checkFreshConfirmation(tx: Tx, userId: string, confirmation: FreshConfirmation): Promise<AppError | null> {
  const attempt = await countAttempt(tx, throttleKey(userId), FRESH_CONFIRMATION_LIMIT);
  if (attempt.wait > 0) {
    const minutes = Math.ceil(attempt.wait / 60);
    return new AppError(
      "TOO_MANY_REQUESTS",
      `Too many wrong confirmations. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      undefined,
      attempt.wait,
    );
  }
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) return new AppError("UNAUTHORIZED", "Please sign in.");
  const refusal = await refusalOf(tx, user, confirmation);
  if (!refusal) await clearAttempts(tx, throttleKey(userId));
  return refusal;
}

async function refusalOf(tx: Tx, user: typeof users.$inferSelect, confirmation: FreshConfirmation): Promise<AppError | null> {
  if (confirmation.method === "password") {
    // A member the directory signs in confirms with the directory's password, like at sign-in.
    const directory = await directoryPasswordCheck(tx, user, confirmation.password, null);
    const valid = directory === null ? await verifyPassword(user.passwordHash, confirmation.password) : directory === "ok";
    return valid ? null : badInput("confirmation.password", "Password is incorrect.");
  }
  if (confirmation.method === "passkey") {
    // A tenant request's transaction (an export) has no user scope, which a passkey's counter update needs.
    return (await alsoAsUser(tx, user.id, () => checkPasskey(tx, "second_factor", user.id, confirmation.passkey)))
      ? null
      : badInput("confirmation.passkey", "That passkey did not confirm it is you. Try again, or use another way.");
  }
  if (!user.totpEnabledAt || !user.totpSecret) {
    return badInput("confirmation.code", "Two-factor authentication is off for your account: confirm with your password.");
  }
  const step = await checkTotpCode(tx, user.id, user.totpSecret, confirmation.code);
  if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) {
    return badInput("confirmation.code", "That code is not right. Enter the current code from your authenticator app.");
  }
  await tx.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
  return null;
}
