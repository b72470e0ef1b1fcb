import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backupCodes, loginChallenges, users } from "@/db/schema";
import { resolveSession } from "@/server/auth/sessions";
import { hashToken } from "@/server/crypto";
import { completeLogin, startLogin } from "@/server/services/auth/login";
import { addMember, callerAs, failureOf, login, membershipIdOf, newTenant, STRONG_PASSWORD, testMeta, userMail } from "../support/actors";
import { raceTest } from "../support/races";
import { ownerDb } from "../support/db";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Caller = ReturnType<typeof callerAs>;

const CHALLENGE_DEAD = "Your sign-in has expired or was used up. Enter your password again.";
const BACKUP_CODE = /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/;

// TOTP codes depend on the clock and the server never accepts a time step twice: the tests move a fake clock
// (Date only; timers and I/O stay real) 30 s forward whenever they need a fresh code.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The code of the next 30-second step (the clock moves there). */
function nextCode(secret: string) {
  vi.setSystemTime(Date.now() + 30_000);
  return authenticator.generate(secret);
}

const codeAt = (secret: string, offsetMs: number) => authenticator.clone({ epoch: Date.now() + offsetMs }).generate(secret);

/** A 6-digit code that matches none of the steps the server would accept now (drift window ±1). */
function wrongCode(secret: string) {
  const valid = new Set([-30_000, 0, 30_000].map((offset) => codeAt(secret, offset)));
  for (let n = 1; ; n++) {
    const candidate = String((Number(authenticator.generate(secret)) + n * 7919) % 1_000_000).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

/** Turns TOTP on for the signed-in caller; the clock stays on the step the confirmation used. */
async function enrol(caller: Caller) {
  const { secret } = await caller.account.beginTotp();
  const { backupCodes: codes } = await caller.account.confirmTotp({ code: authenticator.generate(secret) });
  return { secret, backupCodes: codes };
}

async function auditOf(owner: Owner, action: string) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, action, limit: 100 });
  return items;
}


describe("TOTP enrolment", () => {
  it("refuses a wrong code, then turns two-factor on with the right one and hands out 10 backup codes", async () => {
    const owner = await newTenant();
    const { secret, uri, qrSvg } = await owner.caller.account.beginTotp();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Vaultline:/);
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toContain("<svg");
    // The seed is stored sealed, never in the clear.
    const db = await ownerDb();
    const [stored] = await db.select().from(users).where(eq(users.id, owner.userId));
    expect(stored!.totpSecret).toBeTruthy();
    expect(JSON.stringify(stored!.totpSecret)).not.toContain(secret);
    expect(stored!.totpEnabledAt).toBeNull();

    const wrong = await failureOf(owner.caller.account.confirmTotp({ code: wrongCode(secret) }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.fieldErrors).toEqual({ code: "That code is not right. Check your device's clock and try the current code." });
    const malformed = await failureOf(owner.caller.account.confirmTotp({ code: "12ab56" }));
    expect(malformed).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { code: "Code must be the 6 digits shown in your authenticator app." } });
    expect((await owner.caller.account.me())!.totpEnabledAt).toBeNull();

    const { backupCodes: codes } = await owner.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(BACKUP_CODE);
    expect(await owner.caller.account.backupCodesLeft()).toBe(10);
    expect((await owner.caller.account.me())!.totpEnabledAt).toBeInstanceOf(Date);
    // Backup codes are stored hashed.
    const rows = await db.select().from(backupCodes).where(eq(backupCodes.userId, owner.userId));
    expect(rows.map((r) => r.codeHash).sort()).toEqual(codes.map((c) => hashToken(c)).sort());

    const enabled = await auditOf(owner, "auth.2fa_enabled");
    expect(enabled).toHaveLength(1);
    expect(enabled[0]).toMatchObject({ actorUserId: owner.userId });
    expect(JSON.stringify(enabled)).not.toContain(secret);

    expect((await failureOf(owner.caller.account.beginTotp())).code).toBe("CONFLICT");
    expect((await failureOf(owner.caller.account.confirmTotp({ code: nextCode(secret) }))).code).toBe("CONFLICT");
  });
});

describe("signing in with two-factor on", () => {
  it("asks for the code after the password, without using up the challenge", async () => {
    const owner = await newTenant();
    const { secret } = await enrol(owner.caller);
    const meta = testMeta();
    const { challenge, secondFactors } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    expect(secondFactors).toEqual(["totp"]);
    const missing = await failureOf(completeLogin({ challenge }, meta));
    expect(missing).toEqual({
      code: "BAD_REQUEST",
      message: "Enter the code from your authenticator app.",
      httpStatus: 400,
      fieldErrors: { code: "Enter the code from your authenticator app." },
      retryAfterSeconds: undefined,
    });
    const { token, userId } = await completeLogin({ challenge, code: nextCode(secret) }, meta);
    expect(userId).toBe(owner.userId);
    expect(await resolveSession(token)).toMatchObject({ userId: owner.userId });
    const logins = await auditOf(owner, "auth.login");
    expect(logins[0]).toMatchObject({ details: { method: "totp" } });
  });

  it("voids the challenge after 5 wrong codes, even for the right code afterwards", async () => {
    const owner = await newTenant();
    const { secret } = await enrol(owner.caller);
    const meta = testMeta();
    const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    const bad = wrongCode(secret);
    for (const left of [4, 3, 2, 1]) {
      const failure = await failureOf(completeLogin({ challenge, code: bad }, meta));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.fieldErrors).toEqual({ code: `That code is not right. ${left} attempt${left === 1 ? "" : "s"} left.` });
    }
    const fifth = await failureOf(completeLogin({ challenge, code: bad }, meta));
    expect(fifth).toMatchObject({ code: "UNAUTHORIZED", message: "Too many wrong codes. Enter your password again." });

    const good = nextCode(secret);
    expect(await failureOf(completeLogin({ challenge, code: good }, meta))).toMatchObject({ code: "UNAUTHORIZED", message: CHALLENGE_DEAD });
    // A backup code cannot revive it either.
    const db = await ownerDb();
    const [row] = await db.select().from(loginChallenges).where(eq(loginChallenges.tokenHash, hashToken(challenge)));
    expect(row).toMatchObject({ attempts: 5, consumedAt: null });

    // The code itself was fine: a fresh password step accepts it.
    const fresh = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    await completeLogin({ challenge: fresh.challenge, code: good }, meta);
    const failed = await auditOf(owner, "auth.login_failed");
    expect(failed.filter((e) => e.details.reason === "second_factor")).toHaveLength(5);
    expect(JSON.stringify(failed)).not.toContain(bad);
  });

  it("accepts a backup code once and never again", async () => {
    const owner = await newTenant();
    const { backupCodes: codes } = await enrol(owner.caller);
    const meta = testMeta();
    const first = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    await completeLogin({ challenge: first.challenge, code: codes[3]! }, meta);
    expect(await owner.caller.account.backupCodesLeft()).toBe(9);
    expect((await auditOf(owner, "auth.login"))[0]).toMatchObject({ details: { method: "backup_code" } });

    const second = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    const reused = await failureOf(completeLogin({ challenge: second.challenge, code: codes[3]! }, meta));
    expect(reused).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { code: "That code is not right. 4 attempts left." } });
    // Another unused code still works on the same challenge.
    await completeLogin({ challenge: second.challenge, code: codes[4]! }, meta);
    expect(await owner.caller.account.backupCodesLeft()).toBe(8);
  });

  it("never accepts the same TOTP code (or an older one) twice", async () => {
    const owner = await newTenant();
    const { secret } = await enrol(owner.caller);
    const meta = testMeta();
    const code = nextCode(secret);
    await login(owner.email, STRONG_PASSWORD, code, meta);

    const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    const replay = await failureOf(completeLogin({ challenge, code }, meta));
    expect(replay).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { code: "That code is not right. 4 attempts left." } });
    // The previous step's code is still inside the drift window, but older than the last accepted step.
    const older = await failureOf(completeLogin({ challenge, code: codeAt(secret, -30_000) }, meta));
    expect(older).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { code: "That code is not right. 3 attempts left." } });
    await completeLogin({ challenge, code: nextCode(secret) }, meta);
  });

  raceTest(
    "caps wrong codes at 5 per challenge even when they arrive at once",
    async () => {
      const owner = await newTenant();
      const { secret } = await enrol(owner.caller);
      const meta = testMeta();
      const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
      const bad = wrongCode(secret);
      const answers = await Promise.all(Array.from({ length: 10 }, () => failureOf(completeLogin({ challenge, code: bad }, meta))));
      const db = await ownerDb();
      const [row] = await db.select().from(loginChallenges).where(eq(loginChallenges.tokenHash, hashToken(challenge)));
      // Only five guesses may be checked; the rest must find the challenge void.
      expect(answers.filter((a) => a.code === "BAD_REQUEST").length).toBeLessThanOrEqual(4);
      expect(row!.attempts).toBeLessThanOrEqual(5);
    },
  );

  raceTest(
    "accepts one TOTP code for one sign-in only, even when sign-ins race",
    async () => {
      const owner = await newTenant();
      const { secret } = await enrol(owner.caller);
      const meta = testMeta();
      const challenges = await Promise.all(
        Array.from({ length: 4 }, () => startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta)),
      );
      const code = nextCode(secret);
      const results = await Promise.allSettled(challenges.map(({ challenge }) => completeLogin({ challenge, code }, meta)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    },
  );
});

describe("managing two-factor", () => {
  it("regenerating backup codes needs a fresh TOTP code and kills the old codes", async () => {
    const owner = await newTenant();
    const { secret, backupCodes: old } = await enrol(owner.caller);
    // The confirmation's own code cannot be replayed here.
    const replay = await failureOf(owner.caller.account.regenerateBackupCodes({ code: authenticator.generate(secret) }));
    expect(replay).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { code: "That code is not right." } });

    const { backupCodes: fresh } = await owner.caller.account.regenerateBackupCodes({ code: nextCode(secret) });
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    expect(await owner.caller.account.backupCodesLeft()).toBe(10);
    expect(await auditOf(owner, "auth.backup_codes_regenerated")).toHaveLength(1);

    const meta = testMeta();
    const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    expect((await failureOf(completeLogin({ challenge, code: old[0]! }, meta))).code).toBe("BAD_REQUEST");
    await completeLogin({ challenge, code: fresh[0]! }, meta);
  });

  it("turning two-factor off needs the right password and signs out the other sessions", async () => {
    const owner = await newTenant();
    const { secret } = await enrol(owner.caller);
    const current = await login(owner.email, STRONG_PASSWORD, nextCode(secret));
    const other = await login(owner.email, STRONG_PASSWORD, nextCode(secret));

    const wrong = await failureOf(current.caller.account.disableTotp({ password: "definitely not it" }));
    expect(wrong).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: "Password is incorrect." } });
    expect((await current.caller.account.me())!.totpEnabledAt).toBeInstanceOf(Date);
    expect(await resolveSession(other.token)).not.toBeNull();

    await current.caller.account.disableTotp({ password: STRONG_PASSWORD });
    expect((await current.caller.account.me())!.totpEnabledAt).toBeNull();
    expect(await current.caller.account.backupCodesLeft()).toBe(0);
    expect(await resolveSession(current.token)).toMatchObject({ userId: owner.userId });
    expect(await resolveSession(other.token)).toBeNull();
    expect(await resolveSession(owner.token)).toBeNull();
    expect(await auditOf({ ...owner, caller: current.caller }, "auth.2fa_disabled")).toHaveLength(1);

    const { secondFactors } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta());
    expect(secondFactors).toEqual([]);
  });

  it("a tenant that requires two-factor shuts out members without it, except from their own account", async () => {
    const owner = await newTenant();
    await enrol(owner.caller);
    const member = await addMember(owner, "technician");
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: true });
    // The owner has two-factor on and keeps working.
    expect((await owner.caller.workspace.summary({ tenant: owner.slug })).role).toBe("owner");

    for (const call of [
      () => member.caller.workspace.summary({ tenant: owner.slug }),
      () => member.caller.team.members({ tenant: owner.slug }),
    ]) {
      const refused = await failureOf(call());
      expect(refused.code).toBe("FORBIDDEN");
      expect(refused.message).toBe(
        "This workspace requires two-factor authentication. Set it up in your account security settings.",
      );
    }
    expect((await member.caller.account.me())!.email).toBe(member.email);
    expect(await member.caller.account.workspaces()).toEqual([{ slug: owner.slug, name: expect.any(String), role: "technician" }]);

    // Enrolling from the account pages opens the workspace at once, in the same session.
    await enrol(member.caller);
    expect((await member.caller.workspace.summary({ tenant: owner.slug })).role).toBe("technician");
  });

  it("an owner resets a member's two-factor: sessions end, TOTP is off, it is audited and the member is told", async () => {
    const owner = await newTenant();
    const member = await addMember(owner, "admin");
    await enrol(member.caller);
    const membershipId = await membershipIdOf(owner, member.email);
    expect((await owner.caller.team.members({ tenant: owner.slug })).find((m) => m.id === membershipId)!.twoFactor).toBe(true);

    await owner.caller.team.resetTwoFactor({ tenant: owner.slug, membershipId });

    expect(await resolveSession(member.token)).toBeNull();
    const db = await ownerDb();
    const [user] = await db.select().from(users).where(eq(users.email, member.email));
    expect(user).toMatchObject({ totpEnabledAt: null, totpSecret: null, totpLastStep: null });
    expect(await db.select().from(backupCodes).where(eq(backupCodes.userId, user!.id))).toHaveLength(0);
    expect((await owner.caller.team.members({ tenant: owner.slug })).find((m) => m.id === membershipId)!.twoFactor).toBe(false);

    const events = await auditOf(owner, "auth.2fa_reset");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: owner.userId, targetType: "user", targetId: user!.id, details: { by: owner.email } });
    const mail = (await userMail(member.email)).filter((m) => m.subject === "Your two-factor authentication was reset");
    expect(mail).toHaveLength(1);
    const tenantName = (await owner.caller.workspace.summary({ tenant: owner.slug })).name;
    expect(mail[0]!.text).toContain(`Olivia Owner, an owner of ${tenantName}, reset the two-factor authentication`);

    // The member signs in with the password alone now.
    const { secondFactors } = await startLogin({ email: member.email, password: STRONG_PASSWORD }, testMeta());
    expect(secondFactors).toEqual([]);
  });

  it("only an owner may reset two-factor, and not their own", async () => {
    const owner = await newTenant();
    const admin = await addMember(owner, "admin");
    const tech = await addMember(owner, "technician");
    await enrol(tech.caller);
    const techId = await membershipIdOf(owner, tech.email);

    const refused = await failureOf(admin.caller.team.resetTwoFactor({ tenant: owner.slug, membershipId: techId }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "Your role does not allow this." });
    expect(await resolveSession(tech.token)).not.toBeNull();
    expect((await tech.caller.account.me())!.totpEnabledAt).toBeInstanceOf(Date);

    const self = await failureOf(owner.caller.team.resetTwoFactor({ tenant: owner.slug, membershipId: await membershipIdOf(owner, owner.email) }));
    expect(self).toMatchObject({
      code: "BAD_REQUEST",
      message: "Use your own security settings to change your two-factor authentication.",
    });
    expect(await auditOf(owner, "auth.2fa_reset")).toHaveLength(0);
  });
});
