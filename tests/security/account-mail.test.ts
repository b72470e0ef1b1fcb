import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { observeQueries } from "@/db/client";
import { memberships, tenants, users } from "@/db/schema";
import { requestPasswordReset } from "@/server/services/auth/password-reset";
import { signUp } from "@/server/services/auth/sign-up";
import { startLogin } from "@/server/services/auth/login";
import {
  addMember,
  callerAs,
  failureOf,
  login,
  membershipIdOf,
  newTenant,
  settleBackground,
  STRONG_PASSWORD,
  testMeta,
  userMail,
} from "../support/actors";
import { ownerDb } from "../support/db";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;

const NEW_PASSWORD = "velvet otters juggle quietly at dawn 77";

/** An address in 10.0.0.0/8 that no other test uses (reset and sign-up limits are per IP too). */
function uniqueIp() {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${(c! % 250) + 1}`;
}

const anon = () => callerAs(null, testMeta(uniqueIp()));

/** Everything an owner or admin can read in their workspace's outbox. */
async function outboxOf(admin: Owner) {
  const { items } = await admin.caller.workspace.outbox({ tenant: admin.slug, limit: 100 });
  return items;
}

/** The token of the first `/path?token=` link in a text, or null. */
function linkToken(text: string, linkPath: string): string | null {
  const match = text.match(new RegExp(`/${linkPath}\\?token=([A-Za-z0-9_%-]+)`));
  return match ? decodeURIComponent(match[1]!) : null;
}

/** Makes an existing user a member of another owner's workspace (set-up below the invitation flow). */
async function join(owner: Owner, userId: string, role: "admin" | "technician") {
  const db = await ownerDb();
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, owner.slug));
  await db.insert(memberships).values({ tenantId: tenant!.id, userId, role });
}

/**
 * The review's set-up: U joined workspace B first (the workspace whose outbox used to receive U's account mail),
 * and is an admin of workspace A, whose passwords an attacker in B wants.
 */
async function memberOfTwoWorkspaces(): Promise<{ ownerA: Owner; ownerB: Owner; u: Member }> {
  const ownerB = await newTenant();
  const u = await addMember(ownerB, "technician");
  const ownerA = await newTenant();
  await join(ownerA, u.session.userId, "admin");
  return { ownerA, ownerB, u };
}

/** Nothing addressed to `email`, and no token-bearing link at all, in any of these workspaces' outboxes. */
async function expectNothingFor(admins: Owner[], email: string) {
  for (const admin of admins) {
    const items = await outboxOf(admin);
    expect(items.filter((m) => m.to === email).map((m) => m.subject), `mail to ${email} in ${admin.slug}'s outbox`).toEqual([]);
    const links = items.flatMap((m) => m.text.match(/\/[\w/-]+\?token=/g) ?? []);
    expect(links, `token links in ${admin.slug}'s outbox`).toEqual([]);
  }
}

describe("account mail is readable by its recipient only (issue #11 §2)", () => {
  it("a password reset that an admin of another workspace asks for lands in no workspace outbox, only in the user's mailbox", async () => {
    const { ownerA, ownerB, u } = await memberOfTwoWorkspaces();
    // Anyone may ask for a reset of any address: here B's owner, hoping to read the link in B's outbox.
    await callerAs(ownerB.session, testMeta(uniqueIp())).auth.requestPasswordReset({ email: u.email });

    await expectNothingFor([ownerB, ownerA], u.email);
    const [mail] = await userMail(u.email);
    expect(mail?.subject).toBe("Reset your Vaultline password");
    const token = linkToken(mail!.text, "reset-password");
    expect(token).not.toBeNull();
    // The link works for its recipient.
    await anon().auth.resetPassword({ token: token!, password: NEW_PASSWORD });
    await login(u.email, NEW_PASSWORD, undefined, testMeta(uniqueIp()));
  });

  it("an email-verification link lands in no workspace outbox, only in the user's mailbox", async () => {
    const { ownerA, ownerB, u } = await memberOfTwoWorkspaces();
    const db = await ownerDb();
    await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, u.session.userId));
    await u.caller.account.resendVerification();

    await expectNothingFor([ownerB, ownerA], u.email);
    const [mail] = await userMail(u.email);
    const token = linkToken(mail!.text, "verify-email");
    expect(token).not.toBeNull();
    await anon().auth.verifyEmail({ token: token! });
    expect((await u.caller.account.me())!.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("an invitation to an existing account lands in no workspace outbox, and its link cannot take the account over", async () => {
    const ownerA = await newTenant();
    const u = await addMember(ownerA, "admin");
    const ownerB = await newTenant();
    await ownerB.caller.team.invite({ tenant: ownerB.slug, email: u.email, role: "technician" });

    await expectNothingFor([ownerB, ownerA], u.email);
    const [mail] = await userMail(u.email);
    const token = linkToken(mail!.text, "invite");
    expect(token).not.toBeNull();
    // Even with the link, nobody but U gets in: no new account for an existing address, no one else accepting it.
    const asNew = await failureOf(anon().invitations.acceptAsNewUser({ token: token!, name: "Mallory", password: NEW_PASSWORD }));
    expect(asNew.code).toBe("CONFLICT");
    expect((await failureOf(ownerB.caller.invitations.accept({ token: token! }))).code).toBe("FORBIDDEN");
    await expect(login(u.email, NEW_PASSWORD, undefined, testMeta(uniqueIp()))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // U accepts, signed in as themselves.
    expect(await u.caller.invitations.accept({ token: token! })).toEqual({ slug: ownerB.slug });
  });

  it("an invitation to a new address lands in no workspace outbox either, only in the invitee's mailbox", async () => {
    const owner = await newTenant();
    const email = `new-${randomUUID()}@example.test`;
    await owner.caller.team.invite({ tenant: owner.slug, email, role: "technician" });

    await expectNothingFor([owner], email);
    const [mail] = await userMail(email);
    expect(linkToken(mail!.text, "invite")).not.toBeNull();
  });

  it("sign-in lockout and two-factor reset notices go to the person, not to a workspace outbox", async () => {
    const { ownerA, ownerB, u } = await memberOfTwoWorkspaces();
    const meta = testMeta(uniqueIp());
    for (let i = 0; i < 5; i++) await failureOf(startLogin({ email: u.email, password: `wrong password ${i}` }, meta));
    const { secret } = await u.caller.account.beginTotp();
    await u.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    await ownerB.caller.team.resetTwoFactor({ tenant: ownerB.slug, membershipId: await membershipIdOf(ownerB, u.email) });

    await expectNothingFor([ownerB, ownerA], u.email);
    const subjects = (await userMail(u.email)).map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining(["Your Vaultline account was locked", "Your two-factor authentication was reset"]));
  });
});

/** Runs `fn` and returns the SQL statements it sent (their text, not their parameters). */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  await settleBackground(); // nothing else may be talking to the database meanwhile
  const statements: string[] = [];
  observeQueries((query) => statements.push(query));
  try {
    await fn();
  } finally {
    observeQueries(null);
  }
  return statements;
}

describe("no account enumeration (issue #11 §5)", () => {
  it("sign-up with an existing email answers exactly like a new sign-up, creates nothing and tells the owner", async () => {
    const owner = await newTenant();
    const id = randomUUID().slice(0, 8);
    const fresh = `fresh-${id}@example.test`;
    const asNew = await anon().auth.signUp({ companyName: `Fresh MSP ${id}`, name: "Nina New", email: fresh, password: STRONG_PASSWORD });
    const asExisting = await anon().auth.signUp({
      companyName: `Copycat MSP ${id}`,
      name: "Mallory",
      email: owner.email.toUpperCase(),
      password: NEW_PASSWORD,
    });
    expect(asExisting).toEqual(asNew);

    const db = await ownerDb();
    expect(await db.select().from(users).where(eq(users.email, owner.email))).toHaveLength(1);
    expect(await db.select().from(tenants).where(eq(tenants.name, `Copycat MSP ${id}`))).toEqual([]);
    const [notice] = await userMail(owner.email);
    expect(notice?.subject).toBe("Someone tried to sign up with your email address");
    expect(notice!.text).not.toMatch(/\?token=/);
    const [confirm] = await userMail(fresh);
    expect(linkToken(confirm!.text, "signup/confirm")).not.toBeNull();
  });

  it("sign-up does the same database work for a new and an existing address, and mails after the response", async () => {
    const owner = await newTenant();
    const attempt = (email: string) => {
      const later: (() => Promise<void>)[] = [];
      const input = { companyName: `Same Work ${randomUUID().slice(0, 8)}`, name: "Sam", email, password: STRONG_PASSWORD };
      return { later, statements: statementsOf(() => signUp(input, testMeta(uniqueIp()), (task) => void later.push(task))) };
    };
    const freshEmail = `fresh-${randomUUID()}@example.test`;
    const existing = attempt(owner.email);
    const existingStatements = await existing.statements;
    const fresh = attempt(freshEmail);
    expect(await fresh.statements).toEqual(existingStatements);

    // Which mail to send is decided after the response.
    const notices = async () => (await userMail(owner.email)).filter((m) => m.subject === "Someone tried to sign up with your email address");
    expect([await notices(), await userMail(freshEmail)]).toEqual([[], []]);
    for (const task of [...existing.later, ...fresh.later]) await task();
    expect(await notices()).toHaveLength(1);
    expect((await userMail(freshEmail)).map((m) => m.subject)).toEqual(["Confirm your email to create your Vaultline workspace"]);
  });

  it("a reset request does the same database work for known and unknown addresses; the link is made and mailed after the response", async () => {
    const owner = await newTenant();
    const attempt = (email: string) => {
      const later: (() => Promise<void>)[] = [];
      return { later, statements: statementsOf(() => requestPasswordReset({ email }, testMeta(uniqueIp()), (task) => void later.push(task))) };
    };
    const known = attempt(owner.email);
    const knownStatements = await known.statements;
    const unknown = attempt(`nobody-${randomUUID()}@example.test`);
    expect(await unknown.statements).toEqual(knownStatements);

    const resets = async () => (await userMail(owner.email)).filter((m) => m.subject === "Reset your Vaultline password");
    expect(await resets()).toEqual([]);
    for (const task of [...known.later, ...unknown.later]) await task();
    expect(await resets()).toHaveLength(1);
  });
});
