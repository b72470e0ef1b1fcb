import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { userTokens, users } from "@/db/schema";
import { resolveSession } from "@/server/auth/sessions";
import { hashToken } from "@/server/crypto";
import { completeLogin, startLogin } from "@/server/services/auth/login";
import { callerAs, failureOf, latestLinkToken, login, newTenant, STRONG_PASSWORD, testMeta, userMail } from "../support/actors";
import { raceTest } from "../support/races";
import { ownerDb } from "../support/db";

type Owner = Awaited<ReturnType<typeof newTenant>>;

const NEW_PASSWORD = "velvet otters juggle quietly at dawn 77";
const LINK_DEAD = "This reset link is invalid, used or expired. Ask for a new one.";
const VERIFY_DEAD = "This verification link is invalid or has expired. Sign in and send a new one.";

/** An address in 10.0.0.0/8 that no other test uses (the reset limit is also per IP). */
function uniqueIp() {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${(c! % 250) + 1}`;
}

const anon = () => callerAs(null, testMeta(uniqueIp()));

async function requestReset(email: string) {
  return anon().auth.requestPasswordReset({ email });
}

async function resetToken(owner: Owner) {
  await requestReset(owner.email);
  return latestLinkToken(owner.email, "reset-password");
}

async function resetMailsTo(email: string) {
  return (await userMail(email)).filter((m) => m.subject === "Reset your Vaultline password");
}

async function auditOf(owner: Owner, action?: string) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, action, limit: 100 });
  return items;
}

describe("password reset requests", () => {
  it("answers the same for unknown and known addresses; only the known one gets an email", async () => {
    const owner = await newTenant();
    const unknown = `nobody-${randomUUID()}@example.test`;
    const known = await requestReset(owner.email);
    const missing = await requestReset(unknown);
    expect(missing).toEqual(known);
    expect(known).toBeUndefined();

    const resets = await resetMailsTo(owner.email);
    expect(resets).toHaveLength(1);
    expect(resets[0]!.text).toMatch(/\/reset-password\?token=[A-Za-z0-9_%-]{20,}/);
    expect(resets[0]!.text).toContain("Two-factor authentication still applies");
    expect(await userMail(unknown)).toEqual([]);

    const requested = await auditOf(owner, "auth.password_reset_requested");
    expect(requested).toHaveLength(1);
    const token = await latestLinkToken(owner.email, "reset-password");
    const db = await ownerDb();
    expect(JSON.stringify(await auditOf(owner))).not.toContain(token);
    // Only the token's hash is stored.
    const [row] = await db.select().from(userTokens).where(eq(userTokens.tokenHash, hashToken(token)));
    expect(row).toMatchObject({ purpose: "password_reset", userId: owner.userId, usedAt: null });
    const lifetime = row!.expiresAt.getTime() - row!.createdAt.getTime();
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000 + 5_000);
  });

  it("limits requests to 5 per address per hour, for unknown addresses too", async () => {
    const owner = await newTenant();
    const unknown = `nobody-${randomUUID()}@example.test`;
    for (const email of [owner.email, unknown]) {
      for (let i = 0; i < 5; i++) await requestReset(email);
      const limited = await failureOf(requestReset(email));
      expect(limited.code).toBe("TOO_MANY_REQUESTS");
      expect(limited.httpStatus).toBe(429);
      expect(limited.message).toBe("Too many reset requests. Try again later.");
      expect(limited.retryAfterSeconds).toBeGreaterThan(3500);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(3600);
    }
    expect(await resetMailsTo(owner.email)).toHaveLength(5);
  });

  it("limits requests to 5 per IP per hour across addresses", async () => {
    const meta = testMeta(uniqueIp());
    for (let i = 0; i < 5; i++) await callerAs(null, meta).auth.requestPasswordReset({ email: `spray-${i}-${randomUUID()}@example.test` });
    const limited = await failureOf(callerAs(null, meta).auth.requestPasswordReset({ email: `spray-x-${randomUUID()}@example.test` }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    // Another address is not affected.
    await expect(requestReset(`other-${randomUUID()}@example.test`)).resolves.toBeUndefined();
  });

  raceTest(
    "keeps the per-address limit when requests arrive at once",
    async () => {
      const owner = await newTenant();
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => requestReset(owner.email)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
      expect(await resetMailsTo(owner.email)).toHaveLength(5);
    },
  );

  it("a newer link replaces the older one", async () => {
    const owner = await newTenant();
    const first = await resetToken(owner);
    const second = await resetToken(owner);
    expect(second).not.toBe(first);
    expect(await failureOf(anon().auth.resetPassword({ token: first, password: NEW_PASSWORD }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { token: LINK_DEAD },
    });
    await anon().auth.resetPassword({ token: second, password: NEW_PASSWORD });
  });
});

describe("resetting the password", () => {
  it("works once per link", async () => {
    const owner = await newTenant();
    const token = await resetToken(owner);
    await expect(anon().auth.resetPassword({ token, password: NEW_PASSWORD })).resolves.toBeUndefined();
    const again = await failureOf(anon().auth.resetPassword({ token, password: `${NEW_PASSWORD} again` }));
    expect(again).toEqual({ code: "BAD_REQUEST", message: LINK_DEAD, httpStatus: 400, fieldErrors: { token: LINK_DEAD }, retryAfterSeconds: undefined });
    const unknown = await failureOf(anon().auth.resetPassword({ token: randomBytes(32).toString("base64url"), password: NEW_PASSWORD }));
    expect(unknown.fieldErrors).toEqual({ token: LINK_DEAD });
    // The second attempt changed nothing: the first new password is the one that works.
    await login(owner.email, NEW_PASSWORD);
  });

  it("refuses an expired link", async () => {
    const owner = await newTenant();
    const token = await resetToken(owner);
    const db = await ownerDb();
    await db.update(userTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userTokens.tokenHash, hashToken(token)));
    expect((await failureOf(anon().auth.resetPassword({ token, password: NEW_PASSWORD }))).fieldErrors).toEqual({ token: LINK_DEAD });
    expect((await failureOf(startLogin({ email: owner.email, password: NEW_PASSWORD }, testMeta(uniqueIp())))).code).toBe("UNAUTHORIZED");
  });

  it("refuses a weak new password without using up the link", async () => {
    const owner = await newTenant();
    const token = await resetToken(owner);
    const weak = await failureOf(anon().auth.resetPassword({ token, password: "password12345" }));
    expect(weak).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { password: "Password is too weak: This is similar to a commonly used password." },
    });
    const short = await failureOf(anon().auth.resetPassword({ token, password: "abcdefghijk" }));
    expect(short).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: "Password must be at least 12 characters." } });
    // Nothing changed: the old password still works…
    await login(owner.email, STRONG_PASSWORD);
    // …and the link still does.
    await anon().auth.resetPassword({ token, password: NEW_PASSWORD });
    await login(owner.email, NEW_PASSWORD);
  });

  it("ends every session, retires the old password and accepts the new one", async () => {
    const owner = await newTenant();
    const second = await login(owner.email);
    const token = await resetToken(owner);
    await anon().auth.resetPassword({ token, password: NEW_PASSWORD });

    expect(await resolveSession(owner.token)).toBeNull();
    expect(await resolveSession(second.token)).toBeNull();
    const old = await failureOf(startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta(uniqueIp())));
    expect(old).toMatchObject({ code: "UNAUTHORIZED", message: "Email or password is incorrect." });
    const fresh = await login(owner.email, NEW_PASSWORD);
    expect(fresh.session.userId).toBe(owner.userId);

    const audit = await auditOf({ ...owner, caller: fresh.caller });
    expect(audit.filter((e) => e.action === "auth.password_reset")).toHaveLength(1);
    const details = JSON.stringify(audit);
    expect(details).not.toContain(NEW_PASSWORD);
    expect(details).not.toContain(token);
  });

  it("lifts an account lockout", async () => {
    const owner = await newTenant();
    for (let i = 0; i < 5; i++) await failureOf(startLogin({ email: owner.email, password: `wrong ${i} wrong` }, testMeta(uniqueIp())));
    expect((await failureOf(startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta(uniqueIp())))).code).toBe(
      "TOO_MANY_REQUESTS",
    );
    const token = await resetToken(owner);
    await anon().auth.resetPassword({ token, password: NEW_PASSWORD });
    await login(owner.email, NEW_PASSWORD, undefined, testMeta(uniqueIp()));
  });

  it("never bypasses two-factor", async () => {
    const owner = await newTenant();
    const { secret } = await owner.caller.account.beginTotp();
    const { backupCodes } = await owner.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    const token = await resetToken(owner);
    await anon().auth.resetPassword({ token, password: NEW_PASSWORD });

    const meta = testMeta(uniqueIp());
    const { challenge, secondFactors } = await startLogin({ email: owner.email, password: NEW_PASSWORD }, meta);
    expect(secondFactors).toEqual(["totp"]);
    expect(await failureOf(completeLogin({ challenge }, meta))).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { code: expect.any(String) } });
    const { token: session } = await completeLogin({ challenge, code: backupCodes[0]! }, meta);
    const resolved = await resolveSession(session);
    expect(resolved?.userId).toBe(owner.userId);
    expect((await callerAs(resolved, meta).account.me())!.totpEnabledAt).toBeInstanceOf(Date);
  });
});

/** An owner whose address is not confirmed (an account from before sign-up links confirmed it), with a first link. */
async function unverifiedOwner() {
  const owner = await newTenant();
  const db = await ownerDb();
  await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, owner.userId));
  await owner.caller.account.resendVerification();
  return owner;
}

describe("email verification", () => {
  it("a sign-up's address is confirmed by the link that finished it", async () => {
    const owner = await newTenant();
    expect((await owner.caller.account.me())!.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("verifies the address from the emailed link, once", async () => {
    const owner = await unverifiedOwner();
    expect((await owner.caller.account.me())!.emailVerifiedAt).toBeNull();
    const token = await latestLinkToken(owner.email, "verify-email");
    await anon().auth.verifyEmail({ token });
    expect((await owner.caller.account.me())!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await auditOf(owner, "auth.email_verified")).toHaveLength(1);

    const again = await failureOf(anon().auth.verifyEmail({ token }));
    expect(again).toEqual({ code: "BAD_REQUEST", message: VERIFY_DEAD, httpStatus: 400, fieldErrors: { token: VERIFY_DEAD }, retryAfterSeconds: undefined });
    // A verified address gets no more verification emails.
    await owner.caller.account.resendVerification();
    expect((await userMail(owner.email)).filter((m) => m.text.includes("/verify-email?token="))).toHaveLength(1);
  });

  it("a resent link replaces the first one", async () => {
    const owner = await unverifiedOwner();
    const first = await latestLinkToken(owner.email, "verify-email");
    await owner.caller.account.resendVerification();
    const second = await latestLinkToken(owner.email, "verify-email");
    expect(second).not.toBe(first);
    expect((await failureOf(anon().auth.verifyEmail({ token: first }))).fieldErrors).toEqual({ token: VERIFY_DEAD });
    await anon().auth.verifyEmail({ token: second });
    expect((await owner.caller.account.me())!.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("links are bound to their purpose: a reset link does not verify and a verification link does not reset", async () => {
    const owner = await unverifiedOwner();
    const verify = await latestLinkToken(owner.email, "verify-email");
    const reset = await resetToken(owner);
    expect((await failureOf(anon().auth.verifyEmail({ token: reset }))).fieldErrors).toEqual({ token: VERIFY_DEAD });
    expect((await failureOf(anon().auth.resetPassword({ token: verify, password: NEW_PASSWORD }))).fieldErrors).toEqual({ token: LINK_DEAD });
    // Neither attempt used the other link up.
    await anon().auth.verifyEmail({ token: verify });
    await anon().auth.resetPassword({ token: reset, password: NEW_PASSWORD });
  });
});
