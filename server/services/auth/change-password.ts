import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { withUser } from "@/db/client";
import { users } from "@/db/schema";
import { assessPassword } from "@/lib/password-strength";
import { zNewPassword, zPassword } from "@/lib/validation";
import { hashPassword, verifyPassword } from "@/server/auth/password-hash";
import { revokeUserSessions } from "@/server/auth/sessions";
import { accountKey, clearAttempts, countAttempt, ipKey, lock, LOGIN_LIMITS, uncountAttempt } from "@/server/auth/throttle";
import { sendUserEmail } from "@/server/email/send-email";
import { passwordChangedEmail } from "@/server/email/templates";
import { AppError, badInput } from "@/server/errors";
import type { AfterResponse, RequestMeta } from "@/server/request-meta";
import { recordAccountEvent } from "./actors";
import { SSO_ONLY } from "./password-reset";

export const changePasswordInput = z.object({ currentPassword: zPassword, newPassword: zNewPassword });

type Me = { id: string; email: string; sessionId: string };

function tooManyAttempts(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return new AppError("TOO_MANY_REQUESTS", `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, undefined, seconds);
}

/**
 * Changes the signed-in user's password after checking the current one. Wrong guesses count against the same
 * per-account and per-IP limits as sign-in (so a stolen session cannot guess faster here than at the login form).
 * The new password meets the sign-up strength rule; every other session of the account ends, this one stays; the
 * change is audited in each of the user's workspaces and the user is told by email.
 */
export async function changePassword(me: Me, input: z.infer<typeof changePasswordInput>, meta: RequestMeta, afterResponse: AfterResponse) {
  const outcome = await withUser(me.id, async (tx) => {
    // Counted before the check, as at sign-in: attempts that arrive together are checked one after another.
    const account = await countAttempt(tx, accountKey(me.email), LOGIN_LIMITS.account);
    const ip = await countAttempt(tx, ipKey(meta.ip), LOGIN_LIMITS.ip);
    const wait = Math.max(account.wait, ip.wait);
    if (wait > 0) return { kind: "locked", wait } as const;
    const [user] = await tx.select().from(users).where(eq(users.id, me.id)).for("update");
    if (user && !user.passwordHash) return { kind: "sso_only" } as const;
    const actor = { userId: me.id, label: me.email, ...meta };
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      const lockedNow = account.count >= LOGIN_LIMITS.account.failures;
      if (lockedNow) await lock(tx, accountKey(me.email), LOGIN_LIMITS.account);
      if (ip.count >= LOGIN_LIMITS.ip.failures) await lock(tx, ipKey(meta.ip), LOGIN_LIMITS.ip);
      await recordAccountEvent(tx, me.id, actor, { action: "auth.password_change_failed", details: { reason: "current_password" } });
      return lockedNow ? ({ kind: "locked", wait: LOGIN_LIMITS.account.lockMinutes * 60 } as const) : ({ kind: "wrong" } as const);
    }
    await clearAttempts(tx, accountKey(me.email));
    await uncountAttempt(tx, ipKey(meta.ip));
    if (input.newPassword === input.currentPassword) return { kind: "same" } as const;
    const strength = assessPassword(input.newPassword, [user.name, user.email]);
    if (!strength.acceptable) return { kind: "weak", problem: strength.problem } as const;
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() })
      .where(eq(users.id, me.id));
    const signedOut = await revokeUserSessions(tx, me.id, "password changed", me.sessionId);
    await recordAccountEvent(tx, me.id, actor, { action: "auth.password_changed", details: { otherSessionsSignedOut: signedOut } });
    return { kind: "changed", name: user.name, signedOut } as const;
  });
  switch (outcome.kind) {
    case "locked":
      throw tooManyAttempts(outcome.wait);
    case "sso_only":
      throw new AppError("FORBIDDEN", SSO_ONLY);
    case "wrong":
      throw badInput("currentPassword", "Current password is incorrect.");
    case "same":
      throw badInput("newPassword", "Choose a new password, not the current one.");
    case "weak":
      throw badInput("newPassword", `Password is too weak: ${outcome.problem}`);
  }
  afterResponse(() => sendUserEmail(me.email, passwordChangedEmail({ name: outcome.name })));
  return { otherSessionsSignedOut: outcome.signedOut };
}
