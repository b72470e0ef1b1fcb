import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { enterUser, withUser, type Tx } from "@/db/client";
import { backupCodes, loginChallenges, passkeys, users } from "@/db/schema";
import { zPasskeyAssertion, type PasskeyAssertion, type SecondFactor } from "@/lib/passkeys";
import { zEmail, zPassword, zSecondFactor, zToken } from "@/lib/validation";
import { verifyPassword } from "@/server/auth/password-hash";
import { createSession } from "@/server/auth/sessions";
import { accountKey, clearAttempts, countAttempt, ipKey, lock, LOGIN_LIMITS, uncountAttempt } from "@/server/auth/throttle";
import { hashToken, randomToken } from "@/server/crypto";
import { checkTotpCode } from "@/server/crypto/totp";
import { sendUserEmail } from "@/server/email/send-email";
import { lockoutEmail } from "@/server/email/templates";
import { AppError } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { directoryPasswordCheck } from "../directory/directory-login";
import { ssoRefusesPassword } from "../sso/password-policy";
import { recordAccountEvent } from "./actors";
import { emailCodeMatches } from "./email-codes";
import { SIGN_IN_EXPIRED, checkPasskey, openLoginChallenge } from "./passkey-login";

export const startLoginInput = z.object({ email: zEmail, password: zPassword });
export const completeLoginInput = z.object({ challenge: zToken, code: zSecondFactor.optional(), passkey: zPasskeyAssertion.optional() });

const CHALLENGE_MINUTES = 5;
const MAX_CODE_ATTEMPTS = 5;
const INVALID = "Email or password is incorrect.";

function lockedError(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    undefined,
    seconds,
  );
}

/**
 * Step 1 of sign-in: checks the password under per-account and per-IP throttling. Known and unknown accounts
 * get the same answers and the same work. On success returns a short-lived, single-use challenge that step 2
 * exchanges for a session (after the TOTP or backup code, when the account has two-factor on).
 */
export async function startLogin(input: z.infer<typeof startLoginInput>, meta: RequestMeta) {
  const outcome = await withUser(undefined, async (tx) => {
    // Counted before the password is checked (and the counter rows stay locked until commit), so guesses
    // that arrive together are checked one after another and never more than the limit.
    const account = await countAttempt(tx, accountKey(input.email), LOGIN_LIMITS.account);
    const ip = await countAttempt(tx, ipKey(meta.ip), LOGIN_LIMITS.ip);
    const wait = Math.max(account.wait, ip.wait);
    if (wait > 0) return { kind: "locked", wait } as const;
    const [user] = await tx.select().from(users).where(eq(users.email, input.email)).limit(1);
    // A member imported from a directory proves their directory password (a bind as them); everyone else their own.
    const directory = user ? await directoryPasswordCheck(tx, user, input.password, meta) : null;
    const valid = directory === null ? await verifyPassword(user?.passwordHash ?? null, input.password) : directory === "ok";
    if (!valid || !user) {
      const lockedNow = account.count >= LOGIN_LIMITS.account.failures;
      if (lockedNow) await lock(tx, accountKey(input.email), LOGIN_LIMITS.account);
      if (ip.count >= LOGIN_LIMITS.ip.failures) await lock(tx, ipKey(meta.ip), LOGIN_LIMITS.ip);
      if (user) await recordFailure(tx, user, meta, lockedNow);
      return { kind: "invalid", lockedUser: lockedNow ? user : undefined } as const;
    }
    await clearAttempts(tx, accountKey(input.email));
    await uncountAttempt(tx, ipKey(meta.ip));
    // Told only after a correct password, so it says nothing about which addresses have accounts.
    if (await ssoRefusesPassword(tx, user.id)) return { kind: "sso_required" } as const;
    const secondFactors = await secondFactorsOf(tx, user);
    const challenge = randomToken();
    await tx.insert(loginChallenges).values({
      tokenHash: hashToken(challenge),
      userId: user.id,
      needsTotp: secondFactors.length > 0,
      expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
    });
    return { kind: "ok", challenge, secondFactors } as const;
  });
  if (outcome.kind === "locked") throw lockedError(outcome.wait);
  if (outcome.kind === "sso_required") {
    throw new AppError("FORBIDDEN", "Your workspace requires single sign-on: use “Sign in with SSO”.");
  }
  if (outcome.kind === "invalid") {
    const locked = outcome.lockedUser;
    if (locked) await sendUserEmail(locked.email, lockoutEmail({ name: locked.name, minutes: LOGIN_LIMITS.account.lockMinutes }));
    throw new AppError("UNAUTHORIZED", INVALID);
  }
  return { challenge: outcome.challenge, secondFactors: outcome.secondFactors };
}

/** Which second factors the user has set up (none: the password alone signs in). */
async function secondFactorsOf(tx: Tx, user: typeof users.$inferSelect): Promise<SecondFactor[]> {
  await enterUser(tx, user.id);
  const [passkey] = await tx.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, user.id)).limit(1);
  const factors: SecondFactor[] = [];
  if (user.totpEnabledAt) factors.push("totp");
  if (passkey) factors.push("passkey");
  if (user.emailCodesEnabledAt && user.emailVerifiedAt) factors.push("email");
  return factors;
}

async function recordFailure(tx: Tx, user: typeof users.$inferSelect, meta: RequestMeta, lockedNow: boolean) {
  await enterUser(tx, user.id);
  const actor = { userId: user.id, label: user.email, ...meta };
  await recordAccountEvent(tx, user.id, actor, { action: "auth.login_failed", details: { reason: "password" } });
  if (lockedNow) {
    await recordAccountEvent(tx, user.id, actor, {
      action: "auth.lockout",
      details: { minutes: LOGIN_LIMITS.account.lockMinutes },
    });
  }
}

/**
 * Step 2 of sign-in: exchanges the challenge (plus a TOTP or backup code, or a passkey's assertion, when required)
 * for a new session. Wrong codes and passkeys that do not verify count against the challenge; after five it is void and the password must be entered again.
 * Returns the session token for the cookie.
 */
export async function completeLogin(input: z.infer<typeof completeLoginInput>, meta: RequestMeta) {
  const outcome = await withUser(undefined, async (tx) => {
    const [challenge] = await tx
      .select()
      .from(loginChallenges)
      .where(openLoginChallenge(input.challenge))
      .limit(1)
      // Row locks: a racing exchange of the same challenge waits, then finds it consumed; wrong codes are
      // counted one after another; and the user's last TOTP step is read fresh, so no code works twice.
      .for("update");
    if (!challenge || challenge.attempts >= MAX_CODE_ATTEMPTS) return { kind: "expired" } as const;
    await enterUser(tx, challenge.userId);
    const [user] = await tx.select().from(users).where(eq(users.id, challenge.userId)).for("update");
    if (!user) return { kind: "expired" } as const;
    const actor = { userId: user.id, label: user.email, ...meta };

    let method = "password";
    if (challenge.needsTotp) {
      if (!input.code && !input.passkey) return { kind: "code_required" } as const;
      const matched = await checkSecondFactor(tx, user, challenge, input);
      if (!matched) {
        await tx
          .update(loginChallenges)
          .set({ attempts: sql`${loginChallenges.attempts} + 1` })
          .where(eq(loginChallenges.id, challenge.id));
        await recordAccountEvent(tx, user.id, actor, { action: "auth.login_failed", details: { reason: "second_factor" } });
        return { kind: "wrong_code", attemptsLeft: MAX_CODE_ATTEMPTS - challenge.attempts - 1, passkey: Boolean(input.passkey) } as const;
      }
      method = matched;
    }
    await tx.update(loginChallenges).set({ consumedAt: new Date() }).where(eq(loginChallenges.id, challenge.id));
    const token = await createSession(tx, user.id, meta);
    await recordAccountEvent(tx, user.id, actor, { action: "auth.login", details: { method } });
    return { kind: "ok", token, userId: user.id } as const;
  });
  if (outcome.kind === "expired") {
    throw new AppError("UNAUTHORIZED", SIGN_IN_EXPIRED);
  }
  if (outcome.kind === "code_required") throw new AppError("BAD_REQUEST", "Enter the code from your authenticator app.", "code");
  if (outcome.kind === "wrong_code") {
    const left = outcome.attemptsLeft;
    throw left > 0
      ? new AppError(
          "BAD_REQUEST",
          `${outcome.passkey ? "That passkey could not be verified" : "That code is not right"}. ${left} attempt${left === 1 ? "" : "s"} left.`,
          outcome.passkey ? "passkey" : "code",
        )
      : new AppError("UNAUTHORIZED", "Too many wrong codes. Enter your password again.");
  }
  return { token: outcome.token, userId: outcome.userId };
}

/**
 * A passkey of the user's, a TOTP code (never the same time step twice), the code emailed for this sign-in, or an
 * unused backup code; returns which one matched.
 */
async function checkSecondFactor(
  tx: Tx,
  user: typeof users.$inferSelect,
  challenge: typeof loginChallenges.$inferSelect,
  input: { code?: string; passkey?: PasskeyAssertion },
) {
  if (input.passkey) return (await checkPasskey(tx, "second_factor", user.id, input.passkey)) ? "passkey" : null;
  const code = input.code!;
  if (/^\d{6}$/.test(code)) {
    if (emailCodeMatches(challenge, code)) return "email_code";
    if (!user.totpSecret) return null;
    const step = await checkTotpCode(tx, user.id, user.totpSecret, code);
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) return null;
    await tx.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
    return "totp";
  }
  const [used] = await tx
    .update(backupCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(backupCodes.userId, user.id), eq(backupCodes.codeHash, hashToken(code)), isNull(backupCodes.usedAt)))
    .returning({ id: backupCodes.id });
  return used ? "backup_code" : null;
}
