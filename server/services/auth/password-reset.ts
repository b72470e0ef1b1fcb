import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { enterUser, withUser } from "@/db/client";
import { users } from "@/db/schema";
import { assessPassword } from "@/lib/password-strength";
import { zEmail, zNewPassword, zToken } from "@/lib/validation";
import { hashPassword } from "@/server/auth/password-hash";
import { revokeUserSessions } from "@/server/auth/sessions";
import { accountKey, clearAttempts, ipKey, takeRateLimit } from "@/server/auth/throttle";
import { appUrl, sendUserEmail } from "@/server/email/send-email";
import { passwordResetEmail } from "@/server/email/templates";
import { AppError, badInput } from "@/server/errors";
import type { AfterResponse, RequestMeta } from "@/server/request-meta";
import { recordAccountEvent } from "./actors";
import { consumeUserToken, issueUserToken } from "./user-tokens";

export const requestPasswordResetInput = z.object({ email: zEmail });
export const resetPasswordInput = z.object({ token: zToken, password: zNewPassword });

const RESET_MINUTES = 30;
export const SSO_ONLY = "This account signs in with single sign-on and has no local password.";
const REQUESTS = { failures: 5, windowMinutes: 60, lockMinutes: 60 };

/**
 * Emails a reset link when the account exists. The answer is the same either way (no enumeration), and so is the
 * work done before it: the rate limits only. Looking the account up, making the link and mailing it happen after
 * the response, so its timing cannot tell a known address from an unknown one. Requests are limited per address
 * and per IP.
 */
export async function requestPasswordReset(
  input: z.infer<typeof requestPasswordResetInput>,
  meta: RequestMeta,
  afterResponse: AfterResponse,
) {
  const wait = await withUser(undefined, async (tx) =>
    Math.max(
      await takeRateLimit(tx, `reset:${ipKey(meta.ip)}`, REQUESTS),
      await takeRateLimit(tx, `reset:${accountKey(input.email)}`, REQUESTS),
    ),
  );
  if (wait > 0) throw new AppError("TOO_MANY_REQUESTS", "Too many reset requests. Try again later.", undefined, wait);
  afterResponse(() => sendResetLink(input.email, meta));
}

async function sendResetLink(email: string, meta: RequestMeta) {
  const prepared = await withUser(undefined, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    // An account made by single sign-on has no password to reset, and must not get one.
    if (!user?.passwordHash) return null;
    await enterUser(tx, user.id);
    const token = await issueUserToken(tx, user.id, "password_reset", RESET_MINUTES);
    await recordAccountEvent(tx, user.id, { userId: user.id, label: user.email, ...meta }, { action: "auth.password_reset_requested" });
    return { user, token };
  });
  if (!prepared) return;
  const url = `${appUrl()}/reset-password?token=${encodeURIComponent(prepared.token)}`;
  await sendUserEmail(prepared.user.email, passwordResetEmail({ name: prepared.user.name, url }));
}

/**
 * Sets a new password from a reset link (single use, 30 minutes). Every session of the account ends; the user
 * then signs in normally, two-factor included: a reset never bypasses 2FA.
 */
export async function resetPassword(input: z.infer<typeof resetPasswordInput>, meta: RequestMeta) {
  const passwordHash = await hashPassword(input.password);
  const done = await withUser(undefined, async (tx) => {
    const userId = await consumeUserToken(tx, input.token, "password_reset");
    if (!userId) return { invalid: true as const };
    await enterUser(tx, userId);
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user!.passwordHash) throw new AppError("FORBIDDEN", SSO_ONLY);
    const strength = assessPassword(input.password, [user!.name, user!.email]);
    // Thrown inside the transaction, so the link is not used up by a rejected password.
    if (!strength.acceptable) throw badInput("password", `Password is too weak: ${strength.problem}`);
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await revokeUserSessions(tx, userId, "password reset");
    await clearAttempts(tx, accountKey(user!.email));
    await recordAccountEvent(tx, userId, { userId, label: user!.email, ...meta }, { action: "auth.password_reset" });
    return { ok: true as const };
  });
  if ("invalid" in done) throw badInput("token", "This reset link is invalid, used or expired. Ask for a new one.");
}
