import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, withUser } from "@/db/client";
import { auditEvents, directoryConnections, memberships, users } from "@/db/schema";
import { authenticator } from "otplib";
import { resolveSession } from "@/server/auth/sessions";
import { findDueDirectorySyncs, syncTenantDirectory } from "@/server/jobs/workflows/directory";
import type { Step } from "@/server/jobs/step";
import type { JobEvent } from "@/server/events/outbox";
import { startLogin } from "@/server/services/auth/login";
import { addMember, callerAs, failureOf, login, newTenant, STRONG_PASSWORD, testMeta } from "../support/actors";
import { testDirectory } from "../support/directory";
import { requireService, startLdapTarget } from "../support/targets";

const ldap = await requireService("OpenLDAP (throwaway slapd on 127.0.0.1:3891)", startLdapTarget);
const INVALID = "Email or password is incorrect.";

type Workspace = Awaited<ReturnType<typeof newTenant>>;

describe.skipIf(!ldap)("Active Directory / LDAP against a real slapd", () => {
  let owner: Workspace;
  let tenantId: string;
  let directory: Awaited<ReturnType<typeof testDirectory>>;
  const api = () => owner.caller.directory;
  const auditRows = (action: string) =>
    withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))));
  const membershipOf = (email: string) =>
    withTenant(tenantId, async (tx) => {
      const [row] = await tx
        .select({ status: memberships.status, role: memberships.role, name: users.name, passwordHash: users.passwordHash })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.tenantId, tenantId), eq(users.email, email)));
      return row ?? null;
    });
  const sync = async () => {
    const result = await api().syncNow({ tenant: owner.slug });
    if ("error" in result) throw new Error(result.error);
    return result.summary;
  };

  beforeAll(async () => {
    owner = await newTenant();
    tenantId = await withUser(owner.userId, async (tx) => (await tx.select({ id: memberships.tenantId }).from(memberships).where(eq(memberships.userId, owner.userId)))[0]!.id);
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: true });
    directory = await testDirectory(ldap!);
  }, 120_000);

  it("refuses plain ldap:// without StartTLS, and an unparsable filter, naming the field", async () => {
    const plain = await failureOf(api().update({ tenant: owner.slug, ...directory.settings({ url: `ldap://127.0.0.1:${ldap!.port}`, startTls: false }) }));
    expect(plain.fieldErrors?.startTls).toMatch(/StartTLS/);
    const filter = await failureOf(api().update({ tenant: owner.slug, ...directory.settings({ userFilter: "(objectClass=person" }) }));
    expect(filter.fieldErrors?.userFilter).toMatch(/LDAP filter/);
  });

  it("tests the connection over LDAPS and StartTLS with the workspace's CA, with clear errors otherwise", async () => {
    await directory.addPerson("Tess Connection");
    expect(await api().testConnection({ tenant: owner.slug, ...directory.settings() })).toEqual({ users: 1 });
    expect(await api().testConnection({ tenant: owner.slug, ...directory.settings({ url: `ldap://127.0.0.1:${ldap!.port}`, startTls: true }) })).toEqual({ users: 1 });
    const untrusted = await failureOf(api().testConnection({ tenant: owner.slug, ...directory.settings({ caCertificate: "" }) }));
    expect(untrusted.message).toMatch(/certificate is not trusted/);
    const wrongPassword = await failureOf(api().testConnection({ tenant: owner.slug, ...directory.settings({ bindPassword: "not-the-password" }) }));
    expect(wrongPassword.message).toMatch(/refused the bind DN and password/);
    expect(wrongPassword.message).not.toContain("not-the-password");
  });

  it("imports the users the filter finds, groups as user groups; members sign in with the directory password only", async () => {
    const staff = { employeeType: "staff" };
    const ann = await directory.addPerson("Ann Admin", staff);
    const bob = await directory.addPerson("Bob Builder", staff);
    const outsider = await directory.addPerson("Olga Outside", { employeeType: "contractor" });
    await directory.addGroup("network-team", [ann, outsider]);
    await api().update({ tenant: owner.slug, ...directory.settings({ userFilter: "(&(objectClass=inetOrgPerson)(employeeType=staff))" }) });
    const settings = await api().settings({ tenant: owner.slug });
    expect(settings.bindPasswordSet).toBe(true);
    expect(JSON.stringify(settings)).not.toContain(ldap!.adminPassword);
    const stored = await withTenant(tenantId, (tx) => tx.select({ sealed: directoryConnections.bindPassword }).from(directoryConnections).where(eq(directoryConnections.tenantId, tenantId)));
    expect(stored[0]!.sealed).not.toContain(ldap!.adminPassword);

    const summary = await sync();
    expect(summary).toMatchObject({ found: 2, created: 2, deactivated: 0, groups: 1 });
    expect(await membershipOf(ann.email)).toMatchObject({ status: "active", role: "technician", name: "Ann Admin", passwordHash: null });
    expect(await membershipOf(outsider.email)).toBeNull();
    const teamEmails = async () =>
      (await owner.caller.groups.list({ tenant: owner.slug })).find((g) => g.name === "network-team")?.members.map((m) => m.email);
    expect(await teamEmails()).toEqual([ann.email]);

    const signedIn = await login(bob.email, bob.password);
    expect((await callerAs(signedIn.session).workspace.summary({ tenant: owner.slug })).role).toBe("technician");
    expect((await failureOf(login(bob.email, "wrong password entirely", undefined, testMeta()))).message).toBe(INVALID);
    expect((await auditRows("directory.login")).some((e) => e.details.dn === bob.dn.toLowerCase())).toBe(true);
    expect((await auditRows("directory.login_refused")).some((e) => e.details.dn === bob.dn.toLowerCase() && e.details.reason === "invalid")).toBe(true);
    expect((await auditRows("directory.synced")).at(-1)?.details).toMatchObject({ found: 2, created: 2 });

    // The directory's group changes: the user group follows at the next sync.
    await directory.setGroupMembers("network-team", [bob]);
    await sync();
    expect(await teamEmails()).toEqual([bob.email]);
  });

  it("a password changed in the directory: the old one is refused, the new one signs in", async () => {
    const cara = await directory.addPerson("Cara Change");
    await api().update({ tenant: owner.slug, ...directory.settings() });
    await sync();
    await login(cara.email, cara.password);
    const fresh = await directory.changePassword(cara);
    expect((await failureOf(login(cara.email, cara.password))).message).toBe(INVALID);
    const { caller } = await login(cara.email, fresh);
    // Confirming it is them before secrets takes the directory's password too (the form offers it).
    expect((await caller.account.me())?.hasPassword).toBe(true);
    await expect(caller.account.reconfirm({ confirmation: { method: "password", password: fresh } })).resolves.toEqual({ confirmed: true });
    const wrong = await failureOf(caller.account.reconfirm({ confirmation: { method: "password", password: cara.password } }));
    expect(wrong.fieldErrors?.["confirmation.password"]).toBe("Password is incorrect.");
  });

  it("a disabled account is refused at once with the generic answer; the next sync deactivates it and ends its sessions; enabling it brings it back", async () => {
    const dan = await directory.addPerson("Dan Disabled");
    await api().update({ tenant: owner.slug, ...directory.settings() });
    await sync();
    const { token } = await login(dan.email, dan.password);
    await directory.disable(dan);
    expect((await failureOf(login(dan.email, dan.password))).message).toBe(INVALID);
    expect((await auditRows("directory.login_refused")).some((e) => e.details.dn === dan.dn.toLowerCase())).toBe(true);

    const summary = await sync();
    expect(summary.deactivated).toBe(1);
    expect(await membershipOf(dan.email)).toMatchObject({ status: "deactivated" });
    expect(await resolveSession(token)).toBeNull();
    expect((await auditRows("directory.member_deactivated")).some((e) => e.details.dn === dan.dn.toLowerCase() && e.details.reason === "disabled")).toBe(true);

    await directory.enable(dan);
    expect((await sync()).reactivated).toBe(1);
    expect(await membershipOf(dan.email)).toMatchObject({ status: "active" });
    await login(dan.email, dan.password);
  });

  it("a configurable disabled-account filter refuses a sign-in the directory itself would allow", async () => {
    const jon = await directory.addPerson("Jon Flagged");
    await api().update({ tenant: owner.slug, ...directory.settings({ disabledFilter: "(employeeType=disabled)" }) });
    await sync();
    await login(jon.email, jon.password);
    await directory.setAttribute(jon, "employeeType", "disabled");
    expect((await failureOf(login(jon.email, jon.password))).message).toBe(INVALID);
    expect((await auditRows("directory.login_refused")).some((e) => e.details.dn === jon.dn.toLowerCase() && e.details.reason === "disabled")).toBe(true);
  });

  it("links an existing member by email without taking over their sign-in, and never adds someone else's account uninvited", async () => {
    const invited = await addMember(owner, "technician");
    const elsewhere = await newTenant();
    const linked = await directory.addPerson("Ken Known", { mail: invited.email });
    await directory.addPerson("Stranger Danger", { mail: elsewhere.email });
    await api().update({ tenant: owner.slug, ...directory.settings() });
    const summary = await sync();
    expect(summary.skipped).toBeGreaterThanOrEqual(1);
    expect(await membershipOf(elsewhere.email)).toBeNull();
    // The directory's password does not open an account it did not create; the person's own still does.
    expect((await failureOf(login(elsewhere.email, ldap!.adminPassword))).message).toBe(INVALID);
    expect((await failureOf(login(invited.email, linked.password))).message).toBe(INVALID);
    await login(invited.email, STRONG_PASSWORD);
    // Disabled in the directory, the linked member is still deactivated here.
    await directory.disable(linked);
    await sync();
    expect(await membershipOf(invited.email)).toMatchObject({ status: "deactivated" });
  });

  it("re-sync updates names and deactivates members gone from the directory; a filter that finds nobody changes nothing", async () => {
    const eve = await directory.addPerson("Eve Early");
    const gus = await directory.addPerson("Gus Gone");
    await api().update({ tenant: owner.slug, ...directory.settings() });
    await sync();
    await directory.setAttribute(eve, "cn", "Eve Later");
    await directory.remove(gus);
    const summary = await sync();
    expect(summary.updated).toBeGreaterThanOrEqual(1);
    expect(await membershipOf(eve.email)).toMatchObject({ name: "Eve Later", status: "active" });
    expect(await membershipOf(gus.email)).toMatchObject({ status: "deactivated" });
    expect((await failureOf(login(gus.email, gus.password))).message).toBe(INVALID);

    await api().update({ tenant: owner.slug, ...directory.settings({ userFilter: "(uid=nobody-at-all)" }) });
    const empty = await api().syncNow({ tenant: owner.slug });
    expect(empty).toEqual({ error: expect.stringMatching(/no users/) });
    expect(await membershipOf(eve.email)).toMatchObject({ status: "active" });
    expect((await api().settings({ tenant: owner.slug })).lastSync?.error).toMatch(/no users/);
    expect(await auditRows("directory.sync_failed")).not.toHaveLength(0);
  });

  it("still asks for the second factor, and counts wrong directory passwords toward the lockout like any password", async () => {
    const fay = await directory.addPerson("Fay Factor");
    const hal = await directory.addPerson("Hal Hammered");
    await api().update({ tenant: owner.slug, ...directory.settings() });
    await sync();
    const { caller } = await login(fay.email, fay.password);
    const { secret } = await caller.account.beginTotp();
    await caller.account.confirmTotp({ code: authenticator.generate(secret) });
    expect((await startLogin({ email: fay.email, password: fay.password }, testMeta())).secondFactors).toEqual(["totp"]);

    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await failureOf(login(hal.email, `wrong-${attempt}`))).message).toBe(INVALID);
    }
    const locked = await failureOf(login(hal.email, hal.password));
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
  });

  it("the scheduler finds the workspace once its interval has passed and its run syncs it", async () => {
    const ida = await directory.addPerson("Ida Interval");
    await api().update({ tenant: owner.slug, ...directory.settings({ syncIntervalMinutes: 15 }) });
    await sync();
    const sent: JobEvent[] = [];
    const step: Step = { run: (_id, fn) => fn(), sleepUntil: async () => {}, sendEvent: async (_id, events) => void sent.push(...[events].flat()) };
    await findDueDirectorySyncs.handler({ event: { name: "cron", data: {} as never }, step });
    expect(sent.some((e) => e.data.tenantId === tenantId)).toBe(false);

    // Sixteen minutes later (the last sync moved back), the workspace is due; its run disables what slapd disabled.
    await withTenant(tenantId, (tx) => tx.update(directoryConnections).set({ lastSyncAt: new Date(Date.now() - 16 * 60_000) }).where(eq(directoryConnections.tenantId, tenantId)));
    await findDueDirectorySyncs.handler({ event: { name: "cron", data: {} as never }, step });
    expect(sent.filter((e) => e.name === "vaultline/directory.sync-due" && e.data.tenantId === tenantId)).toHaveLength(1);
    await directory.disable(ida);
    const result = await syncTenantDirectory.handler({ event: { name: "vaultline/directory.sync-due", data: { tenantId } }, step });
    expect(result).toMatchObject({ summary: { deactivated: 1 } });
    expect(await membershipOf(ida.email)).toMatchObject({ status: "deactivated" });
    const scheduled = (await auditRows("directory.member_deactivated")).find((e) => e.details.dn === ida.dn.toLowerCase());
    expect(scheduled?.actorLabel).toBe("directory sync (scheduled)");
  });
});
