import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, users } from "@/db/schema";
import { resolveSession } from "@/server/auth/sessions";
import { hashToken } from "@/server/crypto";
import { addMember, callerAs, failureOf, latestLinkToken, login, newTenant, STRONG_PASSWORD, testMeta, userMail, warmConnectionPool } from "../support/actors";
import { ownerDb } from "../support/db";

type Caller = ReturnType<typeof callerAs>;

const INVITATION_DEAD = "This invitation is invalid, was already used, or has expired. Ask for a new one.";
const NEW_MEMBER_PASSWORD = "marble giraffes hum softly in june 58";

async function invite(owner: { caller: Caller; slug: string }, email: string, role: "owner" | "admin" | "technician" | "auditor" | "readonly") {
  await owner.caller.team.invite({ tenant: owner.slug, email, role });
  return latestLinkToken(email.toLowerCase(), "invite");
}

async function membersOf(owner: { caller: Caller; slug: string }) {
  return owner.caller.team.members({ tenant: owner.slug });
}

async function membershipIdOf(owner: { caller: Caller; slug: string }, email: string) {
  const member = (await membersOf(owner)).find((m) => m.email === email);
  if (!member) throw new Error(`${email} is not a member`);
  return member.id;
}

async function auditOf(owner: { caller: Caller; slug: string }, action?: string) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, action, limit: 100 });
  return items;
}

describe("invitations", () => {
  it("invite → pending → accepted by a new user, who joins verified with the invited role", async () => {
    const owner = await newTenant();
    const email = `new-${randomUUID()}@example.test`;
    await owner.caller.team.invite({ tenant: owner.slug, email: email.toUpperCase(), role: "technician" });

    const pending = await owner.caller.team.invitations({ tenant: owner.slug });
    expect(pending).toEqual([expect.objectContaining({ email, role: "technician" })]);
    const days = (pending[0]!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const [mail] = await userMail(email);
    const tenantName = (await owner.caller.workspace.summary({ tenant: owner.slug })).name;
    expect(mail!.subject).toBe(`Olivia Owner invited you to ${tenantName} on Vaultline`);
    expect(mail!.text).toContain("as Technician");
    const token = await latestLinkToken(email, "invite");

    const anon = callerAs(null);
    expect(await anon.invitations.preview({ token })).toEqual({ tenantName, email, role: "technician", accountExists: false });
    // A weak password is refused and does not use the invitation up.
    const weak = await failureOf(anon.invitations.acceptAsNewUser({ token, name: "Tina Tech", password: "password12345" }));
    expect(weak).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: expect.stringMatching(/^Password is too weak: /) } });

    expect(await anon.invitations.acceptAsNewUser({ token, name: "Tina Tech", password: NEW_MEMBER_PASSWORD })).toEqual({
      slug: owner.slug,
      email,
    });
    const db = await ownerDb();
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ name: "Tina Tech", totpEnabledAt: null });
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date);

    const member = await login(email, NEW_MEMBER_PASSWORD);
    expect(await member.caller.account.workspaces()).toEqual([{ slug: owner.slug, name: tenantName, role: "technician" }]);
    expect((await member.caller.workspace.summary({ tenant: owner.slug })).role).toBe("technician");
    const listed = (await membersOf(owner)).find((m) => m.email === email);
    expect(listed).toMatchObject({ userId: user!.id, name: "Tina Tech", role: "technician", status: "active", emailVerified: true, twoFactor: false });
    expect(await owner.caller.team.invitations({ tenant: owner.slug })).toEqual([]);

    // The link is single-use.
    expect(await failureOf(anon.invitations.preview({ token }))).toMatchObject({ code: "NOT_FOUND", message: INVITATION_DEAD });
    expect(await failureOf(anon.invitations.acceptAsNewUser({ token, name: "Again", password: NEW_MEMBER_PASSWORD }))).toMatchObject({
      code: "NOT_FOUND",
      message: INVITATION_DEAD,
    });
    const [invited] = await auditOf(owner, "team.invited");
    expect(invited).toMatchObject({ actorUserId: owner.userId, targetType: "invitation", details: { email, role: "technician" } });
    const [accepted] = await auditOf(owner, "team.invitation_accepted");
    expect(accepted).toMatchObject({ actorUserId: user!.id, targetType: "user", targetId: user!.id, details: { email, role: "technician" } });
  });

  it("refuses to invite someone who is already a member", async () => {
    const owner = await newTenant();
    const tech = await addMember(owner, "technician");
    for (const email of [owner.email, tech.email.toUpperCase()]) {
      const refused = await failureOf(owner.caller.team.invite({ tenant: owner.slug, email, role: "admin" }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.fieldErrors).toEqual({ email: `${email.toLowerCase()} is already a member of this workspace.` });
    }
    expect(await owner.caller.team.invitations({ tenant: owner.slug })).toEqual([]);
    expect(await auditOf(owner, "team.invited")).toHaveLength(1); // the technician's own invitation
  });

  it("only owners invite owners; technicians cannot invite at all", async () => {
    const owner = await newTenant();
    const admin = await addMember(owner, "admin");
    const tech = await addMember(owner, "technician");
    const adminCaller = { caller: admin.caller, slug: owner.slug };

    const ownerInvite = await failureOf(admin.caller.team.invite({ tenant: owner.slug, email: `o-${randomUUID()}@example.test`, role: "owner" }));
    expect(ownerInvite).toMatchObject({
      code: "FORBIDDEN",
      message: "Only an owner can invite another owner.",
      fieldErrors: { role: "Only an owner can invite another owner." },
    });
    const techInvite = await failureOf(tech.caller.team.invite({ tenant: owner.slug, email: `t-${randomUUID()}@example.test`, role: "readonly" }));
    expect(techInvite).toMatchObject({ code: "FORBIDDEN", message: "Your role does not allow this." });
    expect(await owner.caller.team.invitations({ tenant: owner.slug })).toEqual([]);

    // An admin may invite below owner.
    const email = `r-${randomUUID()}@example.test`;
    await invite(adminCaller, email, "readonly");
    expect(await owner.caller.team.invitations({ tenant: owner.slug })).toEqual([expect.objectContaining({ email, role: "readonly" })]);
  });

  it("a revoked invitation's link stops working; a new invitation replaces the pending one", async () => {
    const owner = await newTenant();
    const email = `revoked-${randomUUID()}@example.test`;
    const first = await invite(owner, email, "technician");
    const second = await invite(owner, email, "auditor");
    expect(second).not.toBe(first);
    const pending = await owner.caller.team.invitations({ tenant: owner.slug });
    expect(pending).toEqual([expect.objectContaining({ email, role: "auditor" })]);
    expect(await failureOf(callerAs(null).invitations.preview({ token: first }))).toMatchObject({ code: "NOT_FOUND", message: INVITATION_DEAD });

    await owner.caller.team.revokeInvitation({ tenant: owner.slug, invitationId: pending[0]!.id });
    expect(await owner.caller.team.invitations({ tenant: owner.slug })).toEqual([]);
    const anon = callerAs(null);
    expect(await failureOf(anon.invitations.preview({ token: second }))).toMatchObject({ code: "NOT_FOUND", message: INVITATION_DEAD });
    expect(
      await failureOf(anon.invitations.acceptAsNewUser({ token: second, name: "Too Late", password: NEW_MEMBER_PASSWORD })),
    ).toMatchObject({ code: "NOT_FOUND", message: INVITATION_DEAD });
    const db = await ownerDb();
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);

    const again = await failureOf(owner.caller.team.revokeInvitation({ tenant: owner.slug, invitationId: pending[0]!.id }));
    expect(again).toMatchObject({ code: "NOT_FOUND", message: "Invitation was not found." });
    expect(await auditOf(owner, "team.invitation_revoked")).toEqual([
      expect.objectContaining({ targetType: "invitation", targetId: pending[0]!.id, details: { email } }),
    ]);
  });

  it("a signed-in user cannot accept an invitation addressed to someone else", async () => {
    const owner = await newTenant();
    const stranger = await newTenant();
    const email = `intended-${randomUUID()}@example.test`;
    const token = await invite(owner, email, "admin");
    const refused = await failureOf(stranger.caller.invitations.accept({ token }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: `This invitation is for ${email}. Sign in with that account to accept it.` });
    expect(await stranger.caller.account.workspaces()).toHaveLength(1);
    expect(await owner.caller.team.invitations({ tenant: owner.slug })).toEqual([expect.objectContaining({ email })]);
    // The intended person can still use it.
    await callerAs(null).invitations.acceptAsNewUser({ token, name: "Intended", password: NEW_MEMBER_PASSWORD });
  });

  it("an existing user (owner elsewhere) accepts while signed in and then has two workspaces", async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const token = await invite(owner, other.email, "auditor");
    const anon = callerAs(null);
    expect(await anon.invitations.preview({ token })).toMatchObject({ email: other.email, role: "auditor", accountExists: true });
    expect(await failureOf(anon.invitations.acceptAsNewUser({ token, name: "Dup", password: NEW_MEMBER_PASSWORD }))).toMatchObject({
      code: "CONFLICT",
    });

    expect(await other.caller.invitations.accept({ token })).toEqual({ slug: owner.slug });
    const workspaces = await other.caller.account.workspaces();
    expect(workspaces.map((w) => [w.slug, w.role]).sort()).toEqual(
      [
        [owner.slug, "auditor"],
        [other.slug, "owner"],
      ].sort(),
    );
    // The auditor role applies in the new workspace: reads the audit log, cannot invite.
    expect((await auditOf({ caller: other.caller, slug: owner.slug }, "team.invitation_accepted"))[0]).toMatchObject({
      actorUserId: other.userId,
    });
    expect((await failureOf(other.caller.team.invite({ tenant: owner.slug, email: `x-${randomUUID()}@example.test`, role: "readonly" }))).code).toBe(
      "FORBIDDEN",
    );
    expect(await failureOf(other.caller.invitations.accept({ token }))).toMatchObject({ code: "NOT_FOUND", message: INVITATION_DEAD });
  });
});

describe("roles and membership", () => {
  it("changing a role ends the member's sessions at once and the new role applies", async () => {
    const owner = await newTenant();
    const tech = await addMember(owner, "technician");
    const id = await membershipIdOf(owner, tech.email);

    // Setting the same role is a no-op: no event, sessions untouched.
    await owner.caller.team.changeRole({ tenant: owner.slug, membershipId: id, role: "technician" });
    expect(await resolveSession(tech.token)).not.toBeNull();

    await owner.caller.team.changeRole({ tenant: owner.slug, membershipId: id, role: "admin" });
    expect(await resolveSession(tech.token)).toBeNull();
    const again = await login(tech.email);
    expect((await again.caller.workspace.summary({ tenant: owner.slug })).role).toBe("admin");
    expect(await auditOf(owner, "team.role_changed")).toEqual([
      expect.objectContaining({ actorUserId: owner.userId, targetId: again.session.userId, details: { email: tech.email, from: "technician", to: "admin" } }),
    ]);
    // The owner's own session is untouched.
    expect(await resolveSession(owner.token)).not.toBeNull();
  });

  it("protects the last owner from demotion and deactivation; with a second owner it works", async () => {
    const owner = await newTenant();
    const ownerId = await membershipIdOf(owner, owner.email);
    const admin = await addMember(owner, "admin");

    const demote = await failureOf(owner.caller.team.changeRole({ tenant: owner.slug, membershipId: ownerId, role: "admin" }));
    expect(demote).toMatchObject({
      code: "BAD_REQUEST",
      message: "This is the last owner. Make someone else owner first.",
      fieldErrors: { role: "This is the last owner. Make someone else owner first." },
    });
    const self = await failureOf(owner.caller.team.deactivate({ tenant: owner.slug, membershipId: ownerId }));
    expect(self).toMatchObject({ code: "BAD_REQUEST", message: "You cannot deactivate yourself." });
    const byAdmin = await failureOf(admin.caller.team.deactivate({ tenant: owner.slug, membershipId: ownerId }));
    expect(byAdmin).toMatchObject({ code: "FORBIDDEN", message: "Only an owner can change an owner or make someone owner." });
    expect((await membersOf(owner)).find((m) => m.id === ownerId)).toMatchObject({ role: "owner", status: "active" });

    const second = await addMember(owner, "owner");
    const secondId = await membershipIdOf(owner, second.email);
    // With two owners, one may deactivate the other…
    await owner.caller.team.deactivate({ tenant: owner.slug, membershipId: secondId });
    expect(await resolveSession(second.token)).toBeNull();
    // …but then the remaining one is the last again.
    expect((await failureOf(owner.caller.team.changeRole({ tenant: owner.slug, membershipId: ownerId, role: "admin" }))).code).toBe(
      "BAD_REQUEST",
    );
    await owner.caller.team.reactivate({ tenant: owner.slug, membershipId: secondId });

    // Two active owners: the first may step down; their own sessions end too.
    await owner.caller.team.changeRole({ tenant: owner.slug, membershipId: ownerId, role: "admin" });
    expect(await resolveSession(owner.token)).toBeNull();
    const secondAgain = await login(second.email);
    const members = await membersOf({ caller: secondAgain.caller, slug: owner.slug });
    expect(members.filter((m) => m.role === "owner" && m.status === "active").map((m) => m.email)).toEqual([second.email]);
    const last = await failureOf(secondAgain.caller.team.changeRole({ tenant: owner.slug, membershipId: secondId, role: "readonly" }));
    expect(last.code).toBe("BAD_REQUEST");
  });

  it("an admin cannot change an owner's role or make anyone owner, but manages the other roles", async () => {
    const owner = await newTenant();
    const admin = await addMember(owner, "admin");
    const tech = await addMember(owner, "technician");
    const ownerId = await membershipIdOf(owner, owner.email);
    const techId = await membershipIdOf(owner, tech.email);
    const message = "Only an owner can change an owner or make someone owner.";

    expect(await failureOf(admin.caller.team.changeRole({ tenant: owner.slug, membershipId: ownerId, role: "admin" }))).toMatchObject({
      code: "FORBIDDEN",
      message,
    });
    expect(await failureOf(admin.caller.team.changeRole({ tenant: owner.slug, membershipId: techId, role: "owner" }))).toMatchObject({
      code: "FORBIDDEN",
      message,
    });
    expect(await resolveSession(owner.token)).not.toBeNull();
    expect(await resolveSession(tech.token)).not.toBeNull();

    await admin.caller.team.changeRole({ tenant: owner.slug, membershipId: techId, role: "auditor" });
    expect((await membersOf(owner)).find((m) => m.id === techId)!.role).toBe("auditor");
    // A technician cannot change roles at all.
    const techAgain = await login(tech.email);
    expect(
      (await failureOf(techAgain.caller.team.changeRole({ tenant: owner.slug, membershipId: techId, role: "admin" }))).code,
    ).toBe("FORBIDDEN");
  });

  it("deactivation ends the member's sessions and shuts the workspace; reactivation restores it", async () => {
    const owner = await newTenant();
    const tech = await addMember(owner, "technician");
    const id = await membershipIdOf(owner, tech.email);

    await owner.caller.team.deactivate({ tenant: owner.slug, membershipId: id });
    expect(await resolveSession(tech.token)).toBeNull();
    expect((await membersOf(owner)).find((m) => m.id === id)).toMatchObject({ status: "deactivated", role: "technician" });
    // A request still carrying the old context, and a fresh sign-in, both find no workspace.
    expect(await failureOf(tech.caller.workspace.summary({ tenant: owner.slug }))).toMatchObject({ code: "NOT_FOUND", message: "Workspace not found." });
    const fresh = await login(tech.email);
    expect(await failureOf(fresh.caller.workspace.summary({ tenant: owner.slug }))).toMatchObject({ code: "NOT_FOUND", message: "Workspace not found." });
    expect(await failureOf(fresh.caller.team.members({ tenant: owner.slug }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fresh.caller.account.workspaces()).toEqual([]);
    // Deactivating twice changes nothing.
    await owner.caller.team.deactivate({ tenant: owner.slug, membershipId: id });
    expect(await auditOf(owner, "team.deactivated")).toHaveLength(1);

    await owner.caller.team.reactivate({ tenant: owner.slug, membershipId: id });
    expect((await fresh.caller.workspace.summary({ tenant: owner.slug })).role).toBe("technician");
    expect(await fresh.caller.account.workspaces()).toEqual([expect.objectContaining({ slug: owner.slug, role: "technician" })]);
    await owner.caller.team.reactivate({ tenant: owner.slug, membershipId: id });
    expect(await auditOf(owner, "team.reactivated")).toHaveLength(1);
  });

  // A race: it can only happen on PostgreSQL (PGlite runs one transaction at a time).
  it(
    "keeps an owner when two owners demote each other at once",
    async () => {
      const owner = await newTenant();
      const second = await addMember(owner, "owner");
      const [firstId, secondId] = [await membershipIdOf(owner, owner.email), await membershipIdOf(owner, second.email)];
      await warmConnectionPool();
      await Promise.allSettled([
        owner.caller.team.changeRole({ tenant: owner.slug, membershipId: secondId, role: "admin" }),
        second.caller.team.changeRole({ tenant: owner.slug, membershipId: firstId, role: "admin" }),
      ]);
      const after = await login(owner.email);
      const members = await membersOf({ caller: after.caller, slug: owner.slug });
      expect(members.filter((m) => m.role === "owner" && m.status === "active").length).toBeGreaterThanOrEqual(1);
    },
  );
});

describe("team audit trail", () => {
  it("records every team change and never a password or token", async () => {
    const owner = await newTenant();
    const email = `audited-${randomUUID()}@example.test`;
    const inviteToken = await invite(owner, email, "readonly");
    await callerAs(null, testMeta()).invitations.acceptAsNewUser({ token: inviteToken, name: "Audited Person", password: NEW_MEMBER_PASSWORD });
    const member = await login(email, NEW_MEMBER_PASSWORD);
    const id = await membershipIdOf(owner, email);
    await owner.caller.team.changeRole({ tenant: owner.slug, membershipId: id, role: "technician" });
    await owner.caller.team.deactivate({ tenant: owner.slug, membershipId: id });
    await owner.caller.team.reactivate({ tenant: owner.slug, membershipId: id });
    const revokedToken = await invite(owner, `gone-${randomUUID()}@example.test`, "auditor");
    const [pending] = await owner.caller.team.invitations({ tenant: owner.slug });
    await owner.caller.team.revokeInvitation({ tenant: owner.slug, invitationId: pending!.id });

    const events = await auditOf(owner);
    const actions = events.map((e) => e.action);
    for (const action of ["team.invited", "team.invitation_accepted", "team.role_changed", "team.deactivated", "team.reactivated", "team.invitation_revoked"]) {
      expect(actions, action).toContain(action);
    }
    const userId = member.session.userId;
    expect(events.find((e) => e.action === "team.deactivated")).toMatchObject({ actorUserId: owner.userId, targetType: "user", targetId: userId, details: { email } });
    expect(events.find((e) => e.action === "team.reactivated")).toMatchObject({ actorUserId: owner.userId, targetId: userId, details: { email } });

    const everything = JSON.stringify(events);
    for (const secret of [STRONG_PASSWORD, NEW_MEMBER_PASSWORD, inviteToken, revokedToken, owner.token, member.token, hashToken(inviteToken)]) {
      expect(everything).not.toContain(secret);
    }
    // Only the hash of an invitation token is stored.
    const db = await ownerDb();
    const stored = await db.select().from(invitations).where(eq(invitations.tokenHash, hashToken(inviteToken)));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(inviteToken);
  });
});
