import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";
import type { FreshConfirmation } from "@/lib/export";
import { verifyPassword } from "@/server/auth/password-hash";
import { clearAttempts, countAttempt, type ThrottleRule } from "@/server/auth/throttle";
import { checkTotpCode } from "@/server/crypto/totp";
import { AppError, badInput } from "@/server/errors";

/** Five wrong confirmations in 15 minutes lock confirming for 15 minutes: the login rule, per user. */
export const FRESH_CONFIRMATION_LIMIT: ThrottleRule = { failures: 5, windowMinutes: 15, lockMinutes: 15 };

const throttleKey = (userId: string) => `fresh-confirmation:${userId}`;

/**
 * Checks that the signed-in user is at the keyboard now, before something a stolen session alone must not do (an
 * export): their account password, or a current code of their authenticator app (never the same code twice, as at
 * sign-in). Attempts are counted per user in the caller's transaction, before the check, so guesses in parallel
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
    return (await verifyPassword(user.passwordHash, confirmation.password)) ? null : badInput("confirmation.password", "Password is incorrect.");
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
