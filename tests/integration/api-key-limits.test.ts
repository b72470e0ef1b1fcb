import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, tenants } from "@/db/schema";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";
import { ownerDb } from "../support/db";
import { rest } from "../support/rest";

/*
 * An API key's limits narrow its owner's member scope (server/services/sharing/permissions.ts): customers and
 * credential groups together, checked when set, changed on a live key, and failing closed when a group goes away.
 */

const ALL_SCOPES = ["metadata:read", "secrets:read", "write"] as const;
type Page = { items: { description: string }[] };

describe("API key limits in the member scope", () => {
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let acme: string;
  let globex: string;
  let vpnGroup: string;
  const t = () => ({ tenant: owner.slug });
  const newKey = (extra: Record<string, unknown>) => owner.caller.apiKeys.create({ ...t(), name: `key ${randomUUID()}`, scopes: [...ALL_SCOPES], ...extra });
  const descriptions = async (key: string) => ((await rest("GET", "/passwords", { key })).body as Page).items.map((p) => p.description).sort();

  beforeAll(async () => {
    owner = await newTenant();
    acme = (await owner.caller.customers.create({ ...t(), name: "Acme" })).id;
    globex = (await owner.caller.customers.create({ ...t(), name: "Globex" })).id;
    for (const [customer, name, tags] of [
      [acme, "Acme VPN", ["vpn"]],
      [acme, "Acme DB", []],
      [globex, "Globex VPN", ["vpn"]],
    ] as const) {
      await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customer }, name, password: `${name.replace(" ", "-")}-Secret-1!`, tags: [...tags] });
    }
    vpnGroup = (await owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "VPN", criteria: { tags: ["vpn"] } })).id;
  }, 120_000);

  it("applies customers and credential groups together: only what lies inside both", async () => {
    expect(await descriptions((await newKey({ credentialGroupIds: [vpnGroup] })).token)).toEqual(["Acme VPN", "Globex VPN"]);
    expect(await descriptions((await newKey({ customerIds: [acme] })).token)).toEqual(["Acme DB", "Acme VPN"]);
    expect(await descriptions((await newKey({ customerIds: [acme], credentialGroupIds: [vpnGroup] })).token)).toEqual(["Acme VPN"]);
  });

  it("names the field of an unknown credential group, or one of another workspace, and creates nothing", async () => {
    const other = await newTenant();
    const foreign = (await other.caller.credentialGroups.create({ tenant: other.slug, kind: "static", name: "Theirs" })).id;
    for (const id of [randomUUID(), foreign]) {
      const failure = await failureOf(newKey({ name: "bad groups", credentialGroupIds: [id] }));
      expect(failure).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { credentialGroupIds: "One of the chosen credential groups does not exist." } });
    }
    expect((await failureOf(newKey({ credentialGroupIds: [] }))).fieldErrors).toHaveProperty("credentialGroupIds");
    expect((await owner.caller.apiKeys.list(t())).map((k) => k.name)).not.toContain("bad groups");
  });

  it("changes a live key's limits, audited, and its next call sees by them", async () => {
    const { id, token } = await newKey({ credentialGroupIds: [vpnGroup] });
    await owner.caller.apiKeys.setLimits({ ...t(), id, customerIds: [globex], credentialGroupIds: null });
    expect(await descriptions(token)).toEqual(["Globex VPN"]);
    const listed = (await owner.caller.apiKeys.list(t())).find((k) => k.id === id)!;
    expect(listed).toMatchObject({ customerNames: ["Globex"], credentialGroupIds: null });
    const db = await ownerDb();
    const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, owner.slug));
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenant!.id), eq(auditEvents.action, "api_key.limits_changed")));
    expect(events.map((e) => e.targetId)).toContain(id);
  });

  it("fails closed when its only credential group is deleted: the key sees nothing", async () => {
    const group = (await owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "Doomed", criteria: { namePattern: "Acme*" } })).id;
    const { token } = await newKey({ credentialGroupIds: [group] });
    expect(await descriptions(token)).toEqual(["Acme DB", "Acme VPN"]);
    await owner.caller.credentialGroups.delete({ ...t(), credentialGroupId: group });
    expect(await descriptions(token)).toEqual([]);
  });

  it("never sees more than its owner: a restricted technician's key limited to a group sees only what is both shared and grouped", async () => {
    await restrictTechnicians(owner, true);
    const tech = await addMember(owner, "technician");
    const techMembership = await membershipIdOf(owner, tech.email);
    await owner.caller.sharing.shareCustomer({ ...t(), customerId: acme, grantee: { type: "member", membershipId: techMembership }, level: "view" });
    const { token } = await newKey({ ownerMembershipId: techMembership, credentialGroupIds: [vpnGroup] });
    expect(await descriptions(token)).toEqual(["Acme VPN"]);
  });
});
