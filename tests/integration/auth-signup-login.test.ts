import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authSessions, loginChallenges, memberships, tenantKeys, tenants, users } from "@/db/schema";
import { resolveSession } from "@/server/auth/sessions";
import { hashToken } from "@/server/crypto";
import { endSession } from "@/server/services/auth/my-sessions";
import { completeLogin, startLogin } from "@/server/services/auth/login";
import { callerAs, failureOf, login, newTenant, STRONG_PASSWORD, testMeta, warmConnectionPool } from "../support/actors";
import { ownerDb } from "../support/db";

type Owner = Awaited<ReturnType<typeof newTenant>>;

const INVALID_LOGIN = "Email or password is incorrect.";
const CHALLENGE_DEAD = "Your sign-in has expired or was used up. Enter your password again.";

/** An address in 10.0.0.0/8 that no other test uses (the helpers' default IPs are in 127.0.0.0/8). */
function uniqueIp() {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c! % 250 + 1}`;
}

async function auditOf(owner: Owner, action?: string) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, action, limit: 100 });
  return items;
}

async function outboxOf(owner: Owner) {
  const { items } = await owner.caller.workspace.outbox({ tenant: owner.slug, limit: 100 });
  return items;
}

async function usersWithEmail(email: string) {
  const db = await ownerDb();
  return db.select().from(users).where(eq(users.email, email));
}

async function sessionRow(token: string) {
  const db = await ownerDb();
  const [row] = await db.select().from(authSessions).where(eq(authSessions.tokenHash, hashToken(token)));
  return row!;
}

describe("sign-up", () => {
  it("creates the tenant with a slug from the company name, the owner membership, a data key and two audit events", async () => {
    const id = randomUUID().slice(0, 8);
    const company = `Acmé IT Services ${id}`;
    const email = `Founder-${id}@Example.TEST`;
    const anon = callerAs(null);
    const { slug, userId } = await anon.auth.signUp({ companyName: company, name: "Fiona Founder", email, password: STRONG_PASSWORD });
    expect(slug).toBe(`acme-it-services-${id}`);

    const db = await ownerDb();
    const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
    expect(tenant).toMatchObject({ name: company, settings: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false } });
    // The email is stored lower-cased and trimmed.
    const [user] = await usersWithEmail(email.toLowerCase());
    expect(user).toMatchObject({ id: userId, name: "Fiona Founder", emailVerifiedAt: null, totpEnabledAt: null });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user!.passwordHash).not.toContain(STRONG_PASSWORD);
    const rows = await db.select().from(memberships).where(eq(memberships.tenantId, tenant!.id));
    expect(rows).toEqual([expect.objectContaining({ userId, role: "owner", status: "active" })]);
    const keys = await db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenant!.id));
    expect(keys).toHaveLength(1);
    expect(keys[0]!.retiredAt).toBeNull();

    const owner = { ...(await login(email.toLowerCase())), slug };
    const members = await owner.caller.team.members({ tenant: slug });
    expect(members).toEqual([expect.objectContaining({ userId, email: email.toLowerCase(), role: "owner", status: "active" })]);
    const events = await owner.caller.audit.list({ tenant: slug, limit: 100 });
    const created = events.items.find((e) => e.action === "tenant.created");
    const signedUp = events.items.find((e) => e.action === "auth.signed_up");
    expect(created).toMatchObject({ actorUserId: userId, targetType: "tenant", targetId: tenant!.id, details: { slug, name: company } });
    expect(signedUp).toMatchObject({ actorUserId: userId, targetType: "user", targetId: userId });
    expect(created!.id).toBeLessThan(signedUp!.id);
    // The verification email went to the new owner.
    const mail = (await owner.caller.workspace.outbox({ tenant: slug, limit: 10 })).items;
    expect(mail.filter((m) => m.to === email.toLowerCase() && m.text.includes("/verify-email?token="))).toHaveLength(1);
  });

  it("gives a second company with the same name a different unique slug", async () => {
    const company = `Twin MSP ${randomUUID().slice(0, 8)}`;
    const base = company.toLowerCase().replace(/ /g, "-");
    const anon = callerAs(null);
    const first = await anon.auth.signUp({ companyName: company, name: "A", email: `a-${randomUUID()}@example.test`, password: STRONG_PASSWORD });
    const second = await callerAs(null).auth.signUp({ companyName: company, name: "B", email: `b-${randomUUID()}@example.test`, password: STRONG_PASSWORD });
    expect(first.slug).toBe(base);
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug).toMatch(new RegExp(`^${base}-[a-z0-9]{4}$`));
    const db = await ownerDb();
    const rows = await db.select().from(tenants).where(eq(tenants.name, company));
    expect(rows.map((r) => r.slug).sort()).toEqual([first.slug, second.slug].sort());
  });

  it("refuses a duplicate email with CONFLICT on the email field, whatever its case", async () => {
    const owner = await newTenant();
    const failure = await failureOf(
      callerAs(null).auth.signUp({ companyName: `Other ${randomUUID()}`, name: "Dup", email: owner.email.toUpperCase(), password: STRONG_PASSWORD }),
    );
    expect(failure.code).toBe("CONFLICT");
    expect(failure.httpStatus).toBe(409);
    expect(failure.fieldErrors).toEqual({ email: expect.stringContaining("already exists") });
    expect(await usersWithEmail(owner.email)).toHaveLength(1);
  });

  it.each([
    { field: "companyName", input: { companyName: "" }, message: "Company name must be at least 2 characters." },
    { field: "companyName", input: { companyName: "A" }, message: "Company name must be at least 2 characters." },
    { field: "email", input: { email: "not-an-email" }, message: "Email must be a valid address, like name@example.com." },
    { field: "password", input: { password: "abcdefghijk" }, message: "Password must be at least 12 characters." },
    {
      field: "password",
      input: { password: "password12345" },
      message: "Password is too weak: This is similar to a commonly used password.",
    },
  ])("refuses bad input ($field: $input) with BAD_REQUEST and writes nothing", async ({ field, input, message }) => {
    const id = randomUUID();
    const email = `bad-${id}@example.test`;
    const companyName = `Bad Input ${id}`;
    const failure = await failureOf(
      callerAs(null).auth.signUp({ companyName, name: "Bad Input", email, password: STRONG_PASSWORD, ...input }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors).toEqual({ [field]: message });
    const db = await ownerDb();
    expect(await usersWithEmail(email)).toHaveLength(0);
    expect(await usersWithEmail("not-an-email")).toHaveLength(0);
    expect(await db.select().from(tenants).where(eq(tenants.name, companyName))).toHaveLength(0);
  });
});

describe("login", () => {
  it("answers a wrong password and an unknown email identically", async () => {
    const owner = await newTenant();
    const anon = callerAs(null, testMeta(uniqueIp()));
    const wrong = await failureOf(anon.auth.startLogin({ email: owner.email, password: "not the password at all" }));
    const unknown = await failureOf(anon.auth.startLogin({ email: `nobody-${randomUUID()}@example.test`, password: "not the password at all" }));
    expect(wrong).toEqual({ code: "UNAUTHORIZED", message: INVALID_LOGIN, httpStatus: 401, fieldErrors: undefined, retryAfterSeconds: undefined });
    expect(unknown).toEqual(wrong);
    // The right password still works (the failure did not lock anything).
    const { challenge, needsTotp } = await anon.auth.startLogin({ email: owner.email, password: STRONG_PASSWORD });
    expect(needsTotp).toBe(false);
    expect(challenge.length).toBeGreaterThanOrEqual(20);
  });

  it("locks the account for 15 minutes after 5 wrong passwords, audits it and emails the user", async () => {
    const owner = await newTenant();
    const meta = testMeta(uniqueIp());
    for (let i = 0; i < 5; i++) {
      const failure = await failureOf(startLogin({ email: owner.email, password: `wrong password ${i}` }, meta));
      expect(failure.code).toBe("UNAUTHORIZED");
      expect(failure.message).toBe(INVALID_LOGIN);
    }
    // Locked now: even the right password, even from another address.
    for (const from of [meta, testMeta(uniqueIp())]) {
      const locked = await failureOf(callerAs(null, from).auth.startLogin({ email: owner.email, password: STRONG_PASSWORD }));
      expect(locked.code).toBe("TOO_MANY_REQUESTS");
      expect(locked.httpStatus).toBe(429);
      expect(locked.message).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
      expect(locked.retryAfterSeconds).toBeGreaterThan(880);
      expect(locked.retryAfterSeconds).toBeLessThanOrEqual(900);
    }

    const failed = await auditOf(owner, "auth.login_failed");
    expect(failed).toHaveLength(5);
    expect(failed.every((e) => e.actorUserId === owner.userId && e.ip === meta.ip && e.details.reason === "password")).toBe(true);
    const lockouts = await auditOf(owner, "auth.lockout");
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ actorUserId: owner.userId, details: { minutes: 15 } });
    const mail = (await outboxOf(owner)).filter((m) => m.to === owner.email && m.subject === "Your Vaultline account was locked");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("locked for 15 minutes");
    // The password attempts never reach the audit trail.
    expect(JSON.stringify(await auditOf(owner))).not.toContain("wrong password");
  });

  it("locks an IP after 20 failures across different unknown emails; other IPs are unaffected", async () => {
    const owner = await newTenant();
    const ip = uniqueIp();
    for (let i = 0; i < 20; i++) {
      const failure = await failureOf(startLogin({ email: `ghost-${i}-${randomUUID()}@example.test`, password: "guessing" }, testMeta(ip)));
      expect(failure.code, `attempt ${i + 1}`).toBe("UNAUTHORIZED");
    }
    const locked = await failureOf(startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta(ip)));
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.retryAfterSeconds).toBeGreaterThan(880);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(900);

    const elsewhere = await login(owner.email, STRONG_PASSWORD, undefined, testMeta(uniqueIp()));
    expect(elsewhere.session.userId).toBe(owner.userId);
    // The owner's account itself was never counted against.
    expect(await auditOf(owner, "auth.lockout")).toHaveLength(0);
  });

  it("clears the account's failure count after a successful login", async () => {
    const owner = await newTenant();
    const meta = testMeta(uniqueIp());
    for (let i = 0; i < 4; i++) await failureOf(startLogin({ email: owner.email, password: "nope nope nope" }, meta));
    await login(owner.email, STRONG_PASSWORD, undefined, meta);
    for (let i = 0; i < 4; i++) {
      expect((await failureOf(startLogin({ email: owner.email, password: "nope nope nope" }, meta))).code).toBe("UNAUTHORIZED");
    }
    await login(owner.email, STRONG_PASSWORD, undefined, meta);
  });

  it("makes the challenge single-use", async () => {
    const owner = await newTenant();
    const meta = testMeta(uniqueIp());
    const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    const { token, userId } = await completeLogin({ challenge }, meta);
    expect(userId).toBe(owner.userId);
    expect(await resolveSession(token)).toMatchObject({ userId: owner.userId });
    const again = await failureOf(completeLogin({ challenge }, meta));
    expect(again).toMatchObject({ code: "UNAUTHORIZED", message: CHALLENGE_DEAD });
    // Each login makes a new session: the one from newTenant and this one are different rows.
    expect((await sessionRow(token)).id).not.toBe(owner.session.sessionId);
    expect(await auditOf(owner, "auth.login")).toHaveLength(2);
  });

  it("refuses an unknown or expired challenge", async () => {
    const owner = await newTenant();
    const meta = testMeta(uniqueIp());
    const unknown = await failureOf(completeLogin({ challenge: randomBytes(32).toString("base64url") }, meta));
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", message: CHALLENGE_DEAD });

    const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    const db = await ownerDb();
    const expired = await db
      .update(loginChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(loginChallenges.tokenHash, hashToken(challenge)))
      .returning();
    expect(expired).toHaveLength(1);
    expect(await failureOf(completeLogin({ challenge }, meta))).toMatchObject({ code: "UNAUTHORIZED", message: CHALLENGE_DEAD });
  });
});

describe("login under concurrency", () => {
  // A race: it can only happen on PostgreSQL (PGlite runs one transaction at a time).
  it(
    "checks at most 5 passwords per account even when guesses arrive at once",
    async () => {
      const owner = await newTenant();
      await warmConnectionPool();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => failureOf(startLogin({ email: owner.email, password: `guess number ${i}` }, testMeta(uniqueIp())))),
      );
      // Every UNAUTHORIZED answer means a password was actually tried; past the 5th the account must be locked.
      expect(answers.filter((a) => a.code === "UNAUTHORIZED").length).toBeLessThanOrEqual(5);
      expect(answers.filter((a) => a.code === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(15);
    },
  );

  // A race: it can only happen on PostgreSQL (PGlite runs one transaction at a time).
  it(
    "exchanges a challenge for one session only, even when the exchanges race",
    async () => {
      const owner = await newTenant();
      const meta = testMeta(uniqueIp());
      const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
      await warmConnectionPool();
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => completeLogin({ challenge }, meta)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    },
  );
});

describe("sessions", () => {
  it("resolves a session token until logout, then never again", async () => {
    const owner = await newTenant();
    const { token, session } = await login(owner.email);
    expect(await resolveSession(token)).toEqual(session);
    expect(await resolveSession(randomBytes(32).toString("base64url"))).toBeNull();

    await endSession(session.userId, session.sessionId, owner.email, testMeta());
    expect(await resolveSession(token)).toBeNull();
    expect(await sessionRow(token)).toMatchObject({ revokedReason: "logout" });
    expect(await auditOf(owner, "auth.logout")).toHaveLength(1);
    // Logging out one session leaves the others alone.
    expect(await resolveSession(owner.token)).toEqual(owner.session);
  });

  it("ends a session after the tenant's idle timeout and keeps it dead", async () => {
    const owner = await newTenant();
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 5, absoluteTimeoutHours: 12, requireTwoFactor: false });
    const { token } = await login(owner.email);
    const t0 = Date.now();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    // Activity slides the idle deadline forward.
    expect(await resolveSession(token, at(4))).not.toBeNull();
    expect(await resolveSession(token, at(8))).not.toBeNull();
    expect(await resolveSession(token, at(14))).toBeNull();
    expect(await sessionRow(token)).toMatchObject({ revokedReason: "idle timeout" });
    expect((await sessionRow(token)).revokedAt).toBeInstanceOf(Date);
    expect(await resolveSession(token, at(14.5))).toBeNull();
    expect(await resolveSession(token)).toBeNull();
  });

  it("ends a session after the tenant's absolute timeout however active it is", async () => {
    const owner = await newTenant();
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 1440, absoluteTimeoutHours: 1, requireTwoFactor: false });
    const { token } = await login(owner.email);
    const t0 = Date.now();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    expect(await resolveSession(token, at(30))).not.toBeNull();
    expect(await resolveSession(token, at(58))).not.toBeNull();
    expect(await resolveSession(token, at(62))).toBeNull();
    expect(await sessionRow(token)).toMatchObject({ revokedReason: "absolute timeout" });
    expect(await resolveSession(token)).toBeNull();
  });

  it("applies the strictest timeout when the tenant tightens it after login", async () => {
    const owner = await newTenant();
    const { token } = await login(owner.email);
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 5, absoluteTimeoutHours: 12, requireTwoFactor: false });
    expect(await resolveSession(token, new Date(Date.now() + 6 * 60_000))).toBeNull();
    expect(await sessionRow(token)).toMatchObject({ revokedReason: "idle timeout" });
  });
});
