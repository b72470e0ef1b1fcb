import { beforeAll, describe, expect, it } from "vitest";
import { addMember, failureOf, membershipIdOf, newTenant } from "../support/actors";
import { csvOfEverything, requestExport } from "../support/export";

/*
 * Who may export (issue #13 §8): owners always, admins by default, technicians and the read-only roles only when an
 * owner grants it, per role, user group or member (PMP lets owners turn export off per user). Through the real
 * download handler, on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;

const PASSWORD = "Export-Permission-Secret-77!";

describe("who may export", () => {
  let owner: Owner;
  let admin: Member;
  let tech: Member;
  let otherTech: Member;
  let auditor: Member;
  let noc: string;
  let interns: string;
  const t = () => ({ tenant: owner.slug });
  const exportAs = (m: { session: Owner["session"] }) => requestExport(m, { ...t(), ...csvOfEverything });
  const set = (subject: Record<string, string>, setting: "default" | "allow" | "deny", by: { caller: Owner["caller"] } = owner) =>
    by.caller.exports.setPermission({ ...t(), subject: subject as { type: "role"; role: "admin" }, setting });

  beforeAll(async () => {
    owner = await newTenant();
    [admin, tech, otherTech, auditor] = [
      await addMember(owner, "admin"),
      await addMember(owner, "technician"),
      await addMember(owner, "technician"),
      await addMember(owner, "auditor"),
    ];
    const customer = await owner.caller.customers.create({ ...t(), name: "Contoso" });
    await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customer.id }, name: "Core switch", username: "admin", password: PASSWORD });
    noc = (await owner.caller.groups.create({ ...t(), name: "NOC" })).id;
    interns = (await owner.caller.groups.create({ ...t(), name: "Interns" })).id;
    for (const groupId of [noc, interns]) await owner.caller.groups.addMember({ ...t(), groupId, membershipId: await membershipIdOf(owner, tech.email) });
    await owner.caller.groups.addMember({ ...t(), groupId: noc, membershipId: await membershipIdOf(owner, otherTech.email) });
  }, 180_000);

  it("lets owners and admins export by default, not technicians or auditors; a refusal says why and hands out nothing", async () => {
    for (const member of [owner, admin]) {
      const answer = await exportAs(member);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain(PASSWORD);
    }
    const refused = await exportAs(tech);
    expect(refused.status).toBe(403);
    expect(refused.error).toEqual({
      code: "FORBIDDEN",
      message: "You may not export passwords from this workspace. Technician members may export only when an owner allows it.",
    });
    expect(refused.text).not.toContain(PASSWORD);
    expect((await exportAs(auditor)).status).toBe(403);
    const { items } = await owner.caller.audit.list({ ...t(), action: "export.created", limit: 100 });
    expect(items.map((e) => e.actorLabel).sort()).toEqual([admin.email, owner.email].sort());
  });

  it("an owner denies and grants by role, by user group and by member; the most specific setting wins", async () => {
    await set({ type: "role", role: "admin" }, "deny");
    expect((await exportAs(admin)).error?.message).toBe("You may not export passwords from this workspace. Export is denied for the Admin role.");

    await set({ type: "group", userGroupId: noc }, "allow");
    expect((await exportAs(otherTech)).status).toBe(200);
    expect((await exportAs(tech)).status).toBe(200);
    // One group's deny beats another's allow.
    await set({ type: "group", userGroupId: interns }, "deny");
    expect((await exportAs(tech)).error?.message).toMatch(/Export is denied for the group Interns\.$/);
    expect((await exportAs(otherTech)).status).toBe(200);
    // The member's own setting beats their groups'.
    await set({ type: "member", membershipId: await membershipIdOf(owner, tech.email) }, "allow");
    expect((await exportAs(tech)).status).toBe(200);
    await set({ type: "member", membershipId: await membershipIdOf(owner, otherTech.email) }, "deny");
    expect((await exportAs(otherTech)).error?.message).toMatch(/An owner denied export for this member\.$/);

    // A role grant reaches the auditor, whose export holds only what they may reveal: nothing here.
    await set({ type: "role", role: "auditor" }, "allow");
    const auditorFile = await exportAs(auditor);
    expect(auditorFile.status).toBe(200);
    expect(auditorFile.summary).toMatchObject({ included: 0, leftOutCounts: { noAccess: 1 } });
    expect(auditorFile.text).not.toContain(PASSWORD);

    // Back to the defaults.
    await set({ type: "role", role: "admin" }, "default");
    await set({ type: "role", role: "auditor" }, "default");
    expect((await exportAs(admin)).status).toBe(200);
    expect((await exportAs(auditor)).status).toBe(403);
  });

  it("is changed by owners only, never for owners, and every change is audited", async () => {
    expect((await failureOf(set({ type: "role", role: "technician" }, "allow", admin))).code).toBe("FORBIDDEN");
    const ownerMembership = await membershipIdOf(owner, owner.email);
    expect(await failureOf(set({ type: "member", membershipId: ownerMembership }, "deny"))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Owners may always export: there is nothing to set for an owner.",
    });
    expect((await failureOf(set({ type: "role", role: "owner" }, "deny"))).fieldErrors).toEqual({
      "subject.role": "Owners may always export: pick another role.",
    });
    const { items } = await owner.caller.audit.list({ ...t(), action: "export.permission_changed", limit: 100 });
    expect(items.map((e) => [e.targetType, e.details.setting])).toContainEqual(["group", "deny"]);
    expect(items.every((e) => e.actorLabel === owner.email)).toBe(true);
  });

  it("tells each member their own verdict, and admins everyone's with the reason", async () => {
    expect(await tech.caller.exports.access(t())).toEqual({ allowed: true, reason: "An owner allowed export for this member." });
    expect(await owner.caller.exports.access(t())).toEqual({ allowed: true, reason: "Owners may always export." });
    // The shell's Export link and the customer page's button read the verdict from the workspace summary.
    expect((await tech.caller.workspace.summary(t())).mayExport).toBe(true);
    expect((await auditor.caller.workspace.summary(t())).mayExport).toBe(false);
    expect((await failureOf(tech.caller.exports.permissions(t()))).code).toBe("FORBIDDEN");
    const overview = await admin.caller.exports.permissions(t());
    expect(overview.roles.find((r) => r.role === "technician")).toMatchObject({ setting: "default", defaultAllowed: false });
    expect(overview.groups.map((g) => [g.name, g.setting])).toEqual([
      ["Interns", "deny"],
      ["NOC", "allow"],
    ]);
    const row = (email: string) => overview.members.find((m) => m.email === email)!;
    expect(row(otherTech.email)).toMatchObject({ setting: "deny", verdict: { allowed: false } });
    expect(row(auditor.email).verdict).toEqual({ allowed: false, reason: "Auditor members may export only when an owner allows it." });
  });
});
