import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { observeQueries } from "@/db/client";
import { authSessions, loginChallenges, memberships, pendingSignUps, tenantKeys, tenants, users } from "@/db/schema";
import { resolveSession } from "@/server/auth/sessions";
import { hashToken } from "@/server/crypto";
import { endSession } from "@/server/services/auth/my-sessions";
import { completeLogin, startLogin } from "@/server/services/auth/login";
import {
  addMember,
  callerAs,
  failureOf,
  latestLinkToken,
  login,
  newTenant,
  STRONG_PASSWORD,
  testMeta,
  userMail,
} from "../support/actors";
import { raceTest } from "../support/races";
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

const LINK_DEAD = "This sign-up link is invalid, used or expired. Sign up again to get a new one.";

/** Signs up through the API and returns the token of the link emailed to finish it. */
async function startSignUp(input: { companyName: string; name: string; email: string; password?: string }) {
  await callerAs(null, testMeta(uniqueIp())).auth.signUp({ password: STRONG_PASSWORD, ...input });
  return latestLinkToken(input.email.toLowerCase(), "signup/confirm");
}

async function pendingFor(email: string) {
  const db = await ownerDb();
  return db.select().from(pendingSignUps).where(eq(pendingSignUps.email, email));
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
  it("creates nothing until the emailed link is followed with the password; then the tenant, its owner, a data key and two audit events", async () => {
    const id = randomUUID().slice(0, 8);
    const company = `Acmé IT Services ${id}`;
    const email = `Founder-${id}@Example.TEST`;
    expect(await callerAs(null, testMeta(uniqueIp())).auth.signUp({ companyName: company, name: "Fiona Founder", email, password: STRONG_PASSWORD })).toBeUndefined();
    // The email is stored lower-cased and trimmed; nothing exists but the pending sign-up, its password hashed.
    expect(await usersWithEmail(email.toLowerCase())).toEqual([]);
    const [pending] = await pendingFor(email.toLowerCase());
    expect(pending).toMatchObject({ name: "Fiona Founder", companyName: company });
    expect(pending!.passwordHash).toMatch(/^\$argon2id\$/);
    const [mail] = await userMail(email);
    expect(mail).toMatchObject({ to: email.toLowerCase(), subject: "Confirm your email to create your Vaultline workspace" });
    expect(mail!.text).toContain(company);
    const token = await latestLinkToken(email.toLowerCase(), "signup/confirm");

    const { slug } = await callerAs(null).auth.confirmSignUp({ token, password: STRONG_PASSWORD });
    expect(slug).toBe(`acme-it-services-${id}`);
    const db = await ownerDb();
    const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
    expect(tenant).toMatchObject({ name: company, settings: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false } });
    const [user] = await usersWithEmail(email.toLowerCase());
    expect(user).toMatchObject({ name: "Fiona Founder", totpEnabledAt: null, passwordHash: pending!.passwordHash });
    // The link proved the address.
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date);
    const userId = user!.id;
    const rows = await db.select().from(memberships).where(eq(memberships.tenantId, tenant!.id));
    expect(rows).toEqual([expect.objectContaining({ userId, role: "owner", status: "active" })]);
    const keys = await db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenant!.id));
    expect(keys).toHaveLength(1);
    expect(keys[0]!.retiredAt).toBeNull();
    expect(await pendingFor(email.toLowerCase())).toEqual([]);

    const owner = { ...(await login(email.toLowerCase())), slug };
    const members = await owner.caller.team.members({ tenant: slug });
    expect(members).toEqual([expect.objectContaining({ userId, email: email.toLowerCase(), role: "owner", status: "active", emailVerified: true })]);
    const events = await owner.caller.audit.list({ tenant: slug, limit: 100 });
    const created = events.items.find((e) => e.action === "tenant.created");
    const signedUp = events.items.find((e) => e.action === "auth.signed_up");
    expect(created).toMatchObject({ actorUserId: userId, targetType: "tenant", targetId: tenant!.id, details: { slug, name: company } });
    expect(signedUp).toMatchObject({ actorUserId: userId, targetType: "user", targetId: userId });
    expect(created!.id).toBeLessThan(signedUp!.id);
    // The workspace's outbox starts empty: the sign-up link was account mail.
    expect((await owner.caller.workspace.outbox({ tenant: slug, limit: 10 })).items).toEqual([]);
  });

  it("gives a second company with the same name a different unique slug", async () => {
    const company = `Twin MSP ${randomUUID().slice(0, 8)}`;
    const base = company.toLowerCase().replace(/ /g, "-");
    const firstLink = await startSignUp({ companyName: company, name: "A", email: `a-${randomUUID()}@example.test` });
    const secondLink = await startSignUp({ companyName: company, name: "B", email: `b-${randomUUID()}@example.test` });
    const first = await callerAs(null).auth.confirmSignUp({ token: firstLink, password: STRONG_PASSWORD });
    const second = await callerAs(null).auth.confirmSignUp({ token: secondLink, password: STRONG_PASSWORD });
    expect(first.slug).toBe(base);
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug).toMatch(new RegExp(`^${base}-[a-z0-9]{4}$`));
    const db = await ownerDb();
    const rows = await db.select().from(tenants).where(eq(tenants.name, company));
    expect(rows.map((r) => r.slug).sort()).toEqual([first.slug, second.slug].sort());
  });

  it("needs the password chosen at sign-up; a wrong one does not use the link up", async () => {
    const email = `pw-${randomUUID()}@example.test`;
    const token = await startSignUp({ companyName: `Password MSP ${randomUUID().slice(0, 8)}`, name: "Pat", email });
    const wrong = await failureOf(callerAs(null).auth.confirmSignUp({ token, password: "not the password I chose" }));
    expect(wrong).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: "This is not the password you chose when you signed up." } });
    expect(await usersWithEmail(email)).toEqual([]);
    await callerAs(null).auth.confirmSignUp({ token, password: STRONG_PASSWORD });
    expect(await usersWithEmail(email)).toHaveLength(1);
  });

  it("uses a link once, refuses an expired one, and retires the other pending sign-ups of the address", async () => {
    const email = `once-${randomUUID()}@example.test`;
    const first = await startSignUp({ companyName: `First ${randomUUID().slice(0, 8)}`, name: "Una", email });
    const second = await startSignUp({ companyName: `Second ${randomUUID().slice(0, 8)}`, name: "Una", email });
    const expired = await startSignUp({ companyName: `Expired ${randomUUID().slice(0, 8)}`, name: "Una", email: `late-${randomUUID()}@example.test` });
    const db = await ownerDb();
    await db.update(pendingSignUps).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(pendingSignUps.tokenHash, hashToken(expired)));
    expect(await failureOf(callerAs(null).auth.confirmSignUp({ token: expired, password: STRONG_PASSWORD }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { token: LINK_DEAD },
    });

    await callerAs(null).auth.confirmSignUp({ token: second, password: STRONG_PASSWORD });
    for (const token of [second, first]) {
      expect(await failureOf(callerAs(null).auth.confirmSignUp({ token, password: STRONG_PASSWORD }))).toMatchObject({
        code: "BAD_REQUEST",
        fieldErrors: { token: LINK_DEAD },
      });
    }
    expect(await usersWithEmail(email)).toHaveLength(1);
    expect(await pendingFor(email)).toEqual([]);
  });

  it("refuses with CONFLICT when the address got an account between sign-up and link (an accepted invitation)", async () => {
    const owner = await newTenant();
    const member = await addMember(owner, "technician");
    // The pending sign-up was made before the invitation was accepted: put it in place below the service.
    const token = await startSignUp({ companyName: `Late ${randomUUID().slice(0, 8)}`, name: "Tess", email: `tess-${randomUUID()}@example.test` });
    const db = await ownerDb();
    await db.update(pendingSignUps).set({ email: member.email }).where(eq(pendingSignUps.tokenHash, hashToken(token)));
    const conflict = await failureOf(callerAs(null).auth.confirmSignUp({ token, password: STRONG_PASSWORD }));
    expect(conflict).toMatchObject({ code: "CONFLICT", message: "An account with this email already exists. Sign in instead." });
    expect(await usersWithEmail(member.email)).toHaveLength(1);
  });

  it("limits sign-ups to 5 per address per hour, for addresses with an account too", async () => {
    // An account made through an invitation, so no sign-up has counted against its address yet.
    const member = await addMember(await newTenant(), "technician");
    for (const email of [member.email, `limit-${randomUUID()}@example.test`]) {
      for (let i = 0; i < 5; i++) await callerAs(null, testMeta(uniqueIp())).auth.signUp({ companyName: `Limit ${i}`, name: "Lim", email, password: STRONG_PASSWORD });
      const limited = await failureOf(
        callerAs(null, testMeta(uniqueIp())).auth.signUp({ companyName: "Limit 6", name: "Lim", email, password: STRONG_PASSWORD }),
      );
      expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, message: "Too many sign-ups. Try again later." });
    }
    expect((await userMail(member.email)).filter((m) => m.subject === "Someone tried to sign up with your email address")).toHaveLength(5);
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
    expect(await pendingFor(email)).toEqual([]);
    expect(await db.select().from(tenants).where(eq(tenants.name, companyName))).toHaveLength(0);
    expect(await userMail(email)).toEqual([]);
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
    const { challenge, secondFactors } = await anon.auth.startLogin({ email: owner.email, password: STRONG_PASSWORD });
    expect(secondFactors).toEqual([]);
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
    const mail = (await userMail(owner.email)).filter((m) => m.subject === "Your Vaultline account was locked");
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
  raceTest(
    "checks at most 5 passwords per account even when guesses arrive at once",
    async () => {
      const owner = await newTenant();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => failureOf(startLogin({ email: owner.email, password: `guess number ${i}` }, testMeta(uniqueIp())))),
      );
      // Every UNAUTHORIZED answer means a password was actually tried; past the 5th the account must be locked.
      expect(answers.filter((a) => a.code === "UNAUTHORIZED").length).toBeLessThanOrEqual(5);
      expect(answers.filter((a) => a.code === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(15);
    },
  );

  raceTest(
    "exchanges a challenge for one session only, even when the exchanges race",
    async () => {
      const owner = await newTenant();
      const meta = testMeta(uniqueIp());
      const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
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

  it("resolves a cookie's token inside a workspace request's own transaction, and commits the revocation of an expired one", async () => {
    const owner = await newTenant();
    const { token, session } = await login(owner.email);
    const byCookie = callerAs({ token });
    expect(await byCookie.customers.list({ tenant: owner.slug })).toMatchObject({ items: [] });
    expect(await byCookie.account.me()).toMatchObject({ id: session.userId });

    // Idle for an hour (the tenant allows 30 minutes): refused, and revoked for good although the request failed.
    const db = await ownerDb();
    await db.update(authSessions).set({ lastSeenAt: new Date(Date.now() - 3600_000) }).where(eq(authSessions.tokenHash, hashToken(token)));
    await expect(byCookie.customers.list({ tenant: owner.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await sessionRow(token)).toMatchObject({ revokedReason: "idle timeout" });
    await expect(byCookie.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerAs({ token: randomBytes(32).toString("base64url") }).customers.list({ tenant: owner.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("resolves the session and reads the account in one transaction on the signed-in rung, committing an expired session's revocation", async () => {
    const owner = await newTenant();
    const { token, session } = await login(owner.email);
    const byCookie = callerAs({ token });
    // Transactions are counted by the statement each opens with (the role and scope settings).
    const opened: string[] = [];
    observeQueries((query) => void (query.includes("set_config('role'") && opened.push(query)));
    try {
      expect(await byCookie.account.me()).toMatchObject({ id: session.userId, email: owner.email });
    } finally {
      observeQueries(null);
    }
    // One for the rung (session and account; it was two), one for the procedure's own read (myAccount).
    expect(opened).toHaveLength(2);
    const db = await ownerDb();
    await db.update(authSessions).set({ lastSeenAt: new Date(Date.now() - 3600_000) }).where(eq(authSessions.tokenHash, hashToken(token)));
    // The signed-in rung (not a workspace procedure) finds it idle: refused, and revoked for good.
    await expect(byCookie.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await sessionRow(token)).toMatchObject({ revokedReason: "idle timeout" });
    await expect(byCookie.account.workspaces()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerAs({ token: randomBytes(32).toString("base64url") }).account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("applies the strictest timeout when the tenant tightens it after login", async () => {
    const owner = await newTenant();
    const { token } = await login(owner.email);
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 5, absoluteTimeoutHours: 12, requireTwoFactor: false });
    expect(await resolveSession(token, new Date(Date.now() + 6 * 60_000))).toBeNull();
    expect(await sessionRow(token)).toMatchObject({ revokedReason: "idle timeout" });
  });
});
