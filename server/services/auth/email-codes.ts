import "server-only";
import { randomInt } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { enterUser, withUser, type Tx } from "@/db/client";
import { loginChallenges, users } from "@/db/schema";
import { zToken } from "@/lib/validation";
import { takeRateLimit, type ThrottleRule } from "@/server/auth/throttle";
import { hashToken } from "@/server/crypto";
import { sendUserEmail } from "@/server/email/send-email";
import { signInCodeEmail } from "@/server/email/templates";
import { AppError, badInput } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { recordAccountEvent } from "./actors";
import { SIGN_IN_EXPIRED, openLoginChallenge } from "./passkey-login";

/*
 * Sign-in codes by email (#16 item 6): a second factor for people without an authenticator app or a passkey. A code
 * belongs to one sign-in (the password step's challenge), works once and for ten minutes; a new one replaces the last.
 * Wrong codes count against the sign-in's five attempts, like any second factor.
 */

export const EMAIL_CODE_MINUTES = 10;
/** Codes one sign-in may ask for; then the password must be entered again. */
const CODES_PER_SIGN_IN = 3;
/** Codes one account may be sent, whatever the sign-ins: keeps a known password from flooding its owner's inbox. */
const EMAIL_CODE_LIMIT: ThrottleRule = { failures: 6, windowMinutes: 15, lockMinutes: 15 };

export const sendEmailCodeInput = z.object({ challenge: zToken });
export const setEmailCodesInput = z.object({ enabled: z.boolean({ error: "Say whether codes by email are on." }) });

/** "o•••@example.com": enough for the user to know which inbox to open, not the address itself. */
const maskedEmail = (email: string) => email.replace(/^(.)[^@]*/, "$1•••");

/** Emails a fresh code for the open sign-in whose password step returned `challenge`. */
export async function sendLoginEmailCode(input: z.infer<typeof sendEmailCodeInput>, meta: RequestMeta) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const outcome = await withUser(undefined, async (tx) => {
    const [challenge] = await tx.select().from(loginChallenges).where(openLoginChallenge(input.challenge)).for("update");
    if (!challenge) return { kind: "expired" } as const;
    await enterUser(tx, challenge.userId);
    const [user] = await tx.select().from(users).where(eq(users.id, challenge.userId));
    if (!user?.emailCodesEnabledAt || !user.emailVerifiedAt) return { kind: "off" } as const;
    if (challenge.emailCodesSent >= CODES_PER_SIGN_IN) return { kind: "spent" } as const;
    const wait = await takeRateLimit(tx, `email-code:${user.id}`, EMAIL_CODE_LIMIT);
    if (wait > 0) return { kind: "limited", wait } as const;
    const expiresAt = new Date(Date.now() + EMAIL_CODE_MINUTES * 60_000);
    await tx
      .update(loginChallenges)
      .set({
        emailCodeHash: hashToken(code),
        emailCodeExpiresAt: expiresAt,
        emailCodesSent: sql`${loginChallenges.emailCodesSent} + 1`,
        // The sign-in stays open as long as its code works.
        expiresAt: sql`greatest(${loginChallenges.expiresAt}, ${expiresAt.toISOString()}::timestamptz)`,
      })
      .where(eq(loginChallenges.id, challenge.id));
    await recordAccountEvent(tx, user.id, { userId: user.id, label: user.email, ...meta }, { action: "auth.email_code_sent", details: {} });
    return { kind: "ok", user } as const;
  });
  if (outcome.kind === "expired") throw new AppError("UNAUTHORIZED", SIGN_IN_EXPIRED);
  if (outcome.kind === "off") throw new AppError("BAD_REQUEST", "Your account does not use sign-in codes by email.");
  if (outcome.kind === "spent") throw new AppError("TOO_MANY_REQUESTS", `${CODES_PER_SIGN_IN} codes were sent for this sign-in. Enter your password again for another.`);
  if (outcome.kind === "limited") {
    throw new AppError("TOO_MANY_REQUESTS", "Too many codes were sent to your address. Wait a few minutes, or use another way to sign in.", undefined, outcome.wait);
  }
  // After the commit: the code must be usable by the time it arrives.
  await sendUserEmail(outcome.user.email, signInCodeEmail({ name: outcome.user.name, code, minutes: EMAIL_CODE_MINUTES }));
  return { sentTo: maskedEmail(outcome.user.email), minutes: EMAIL_CODE_MINUTES };
}

/** Whether `code` is the live code emailed for this sign-in (the caller consumes the challenge on success). */
export function emailCodeMatches(challenge: typeof loginChallenges.$inferSelect, code: string, now = new Date()): boolean {
  return challenge.emailCodeHash !== null && challenge.emailCodeExpiresAt !== null && challenge.emailCodeExpiresAt > now && challenge.emailCodeHash === hashToken(code);
}

type Me = { id: string; email: string };

/** Turns sign-in codes by email on (a verified address required) or off for the user's own account; audited. */
export async function setEmailCodes(me: Me, input: z.infer<typeof setEmailCodesInput>, meta: RequestMeta) {
  return withUser(me.id, async (tx: Tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, me.id)).for("update");
    if (!user) throw new AppError("UNAUTHORIZED", "Please sign in.");
    if (input.enabled && !user.emailVerifiedAt) throw badInput("enabled", "Confirm your email address first: the codes go there.");
    if (input.enabled === (user.emailCodesEnabledAt !== null)) return { enabled: input.enabled };
    await tx.update(users).set({ emailCodesEnabledAt: input.enabled ? new Date() : null }).where(eq(users.id, me.id));
    await recordAccountEvent(tx, me.id, { userId: me.id, label: me.email, ...meta }, { action: input.enabled ? "auth.email_codes_enabled" : "auth.email_codes_disabled", details: {} });
    return { enabled: input.enabled };
  });
}
