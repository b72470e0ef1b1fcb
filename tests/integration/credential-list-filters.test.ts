import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { accessPolicies, credentials, rotationRuns, tenants } from "@/db/schema";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";
import { ownerDb } from "../support/db";

/*
 * The All passwords page's filters and orders (issue 14): each filter narrows the list server-side, each order pages
 * without overlap, and `locate` finds a password's page in the same search, filters and order.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
const SECRET = "Valid-Password-2026";
const DAY = 86_400_000;

describe("the passwords list: filters, sort and locate", () => {
  let owner: Owner;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const customers: Record<string, string> = {};
  const t = () => ({ tenant: owner.slug });
  const names = (items: { name: string }[]) => items.map((i) => i.name);
  const list = async (input: Record<string, unknown>) => (await owner.caller.credentials.list({ ...t(), pageSize: 100, ...input })).items;

  beforeAll(async () => {
    owner = await newTenant();
    const [tenant] = await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug));
    tenantId = tenant!.id;
    for (const name of ["Zeta Corp", "Alpha Ltd", "Mid GmbH"]) customers[name] = (await owner.caller.customers.create({ ...t(), name })).id;
    const now = Date.now();
    const rows = [
      { name: "Firewall", customer: "Zeta Corp", username: "admin", domain: "zeta.local", kind: "password", tags: ["Network", "critical"], expiresAt: new Date(now - 2 * DAY) },
      { name: "Backup server", customer: "Alpha Ltd", username: "backup", domain: "", kind: "password", tags: ["servers"], expiresAt: new Date(now + 5 * DAY) },
      { name: "Cloud API", customer: "Mid GmbH", username: "svc", domain: "api.mid.example", kind: "api_key", tags: ["network"], expiresAt: new Date(now + 20 * DAY) },
      { name: "Deploy key", customer: "Alpha Ltd", username: "git", domain: "", kind: "ssh_key", tags: [], expiresAt: new Date(now + 60 * DAY) },
      { name: "Edge router", customer: "Zeta Corp", username: "root", domain: "edge.zeta.local", kind: "password", tags: [], expiresAt: null },
    ] as const;
    for (const r of rows) {
      const made = await owner.caller.credentials.create({
        ...t(),
        target: { type: "customer", id: customers[r.customer]! },
        name: r.name,
        username: r.username,
        domain: r.domain,
        kind: r.kind,
        tags: [...r.tags],
        expiresAt: r.expiresAt,
        password: SECRET,
      });
      ids[r.name] = made.id;
    }
    await withTenant(tenantId, async (tx) => {
      // Not working: one refused at its health check, one whose last rotation failed, one whose failure was fixed since.
      await tx.update(credentials).set({ loginStatus: "not_working" }).where(eq(credentials.id, ids.Firewall!));
      // No expiry at all (the default policy's maximum age gave it one).
      await tx.update(credentials).set({ expiresAt: null }).where(eq(credentials.id, ids["Edge router"]!));
      const run = (credentialId: string, status: "failed" | "succeeded", minutesAgo: number) => ({
        tenantId,
        credentialId,
        status,
        trigger: "manual",
        connector: "manual" as const,
        createdAt: new Date(now - minutesAgo * 60_000),
      });
      await tx.insert(rotationRuns).values([run(ids["Cloud API"]!, "failed", 5), run(ids["Deploy key"]!, "failed", 60), run(ids["Deploy key"]!, "succeeded", 5)]);
      // Under an approval policy.
      await tx.insert(accessPolicies).values({ tenantId, credentialId: ids["Edge router"]!, maxCheckoutMinutes: 60 });
    });
  }, 120_000);

  it("filters by customer, kind, tag (whole, any case), expiry, not working and needs approval", async () => {
    expect(names(await list({ customerId: customers["Alpha Ltd"] }))).toEqual(["Backup server", "Deploy key"]);
    expect(names(await list({ kind: "ssh_key" }))).toEqual(["Deploy key"]);
    expect(names(await list({ tag: "NETWORK" }))).toEqual(["Cloud API", "Firewall"]);
    expect(names(await list({ tag: "net" }))).toEqual([]);
    expect(names(await list({ expiry: "expired" }))).toEqual(["Firewall"]);
    expect(names(await list({ expiry: "7d" }))).toEqual(["Backup server"]);
    expect(names(await list({ expiry: "30d" }))).toEqual(["Backup server", "Cloud API"]);
    expect(names(await list({ expiry: "90d" }))).toEqual(["Backup server", "Cloud API", "Deploy key"]);
    expect(names(await list({ notWorking: true }))).toEqual(["Cloud API", "Firewall"]);
    expect(names(await list({ needsApproval: true }))).toEqual(["Edge router"]);
    // Filters add up, with the search too; the total counts what matches.
    expect(names(await list({ customerId: customers["Zeta Corp"], notWorking: true }))).toEqual(["Firewall"]);
    const searched = await owner.caller.credentials.list({ ...t(), search: "zeta", kind: "password", pageSize: 1 });
    expect({ names: names(searched.items), total: searched.total }).toEqual({ names: ["Edge router"], total: 2 });
    expect(await owner.caller.credentials.tags(t())).toEqual(["critical", "Network", "servers"]);
  });

  it("sorts server-side by each column, both ways, with rows without a value last", async () => {
    expect(names(await list({ sort: "name", direction: "desc" }))).toEqual(["Firewall", "Edge router", "Deploy key", "Cloud API", "Backup server"]);
    expect(names(await list({ sort: "customer" }))).toEqual(["Backup server", "Deploy key", "Cloud API", "Edge router", "Firewall"]);
    expect(names(await list({ sort: "customer", direction: "desc" }))).toEqual(["Firewall", "Edge router", "Cloud API", "Deploy key", "Backup server"]);
    expect(names(await list({ sort: "username" }))).toEqual(["Firewall", "Backup server", "Deploy key", "Edge router", "Cloud API"]);
    expect(names(await list({ sort: "expires" }))).toEqual(["Firewall", "Backup server", "Cloud API", "Deploy key", "Edge router"]);
    expect(names(await list({ sort: "expires", direction: "desc" }))).toEqual(["Deploy key", "Cloud API", "Backup server", "Firewall", "Edge router"]);
    // Empty domains tie and fall back to the description.
    expect(names(await list({ sort: "domain" }))).toEqual(["Backup server", "Deploy key", "Cloud API", "Edge router", "Firewall"]);
    await owner.caller.credentials.update({ ...t(), id: ids["Cloud API"]!, version: 1, changes: { username: "svc-api" } });
    expect(names(await list({ sort: "updated", direction: "desc" }))[0]).toBe("Cloud API");
    // Pages in an order never overlap and together hold every row once.
    const paged: string[] = [];
    for (const page of [1, 2, 3]) paged.push(...names((await owner.caller.credentials.list({ ...t(), sort: "expires", direction: "desc", page, pageSize: 2 })).items));
    expect(paged).toEqual(["Deploy key", "Cloud API", "Backup server", "Firewall", "Edge router"]);
  });

  it("locates a password's page in the list's own search, filters and order", async () => {
    const pageIn = async (name: string, input: Record<string, unknown>) => (await owner.caller.credentials.locate({ ...t(), id: ids[name]!, pageSize: 2, ...input })).page;
    // By description: Backup, Cloud | Deploy, Edge | Firewall.
    expect(await pageIn("Firewall", {})).toBe(3);
    // By expiry, latest first, no expiry last: Deploy, Cloud | Backup, Firewall | Edge.
    expect(await Promise.all(["Deploy key", "Cloud API", "Backup server", "Firewall", "Edge router"].map((n) => pageIn(n, { sort: "expires", direction: "desc" })))).toEqual([1, 1, 2, 2, 3]);
    // By customer: Backup, Deploy (Alpha) | Cloud (Mid), Edge (Zeta) | Firewall (Zeta).
    expect(await Promise.all(["Backup server", "Deploy key", "Cloud API", "Edge router", "Firewall"].map((n) => pageIn(n, { sort: "customer" })))).toEqual([1, 1, 2, 2, 3]);
    // Within a filter: only the filtered rows count, and a row outside the filter is not found.
    expect(await pageIn("Firewall", { tag: "network", sort: "name", direction: "desc" })).toBe(1);
    expect(await pageIn("Backup server", { customerId: customers["Alpha Ltd"] })).toBe(1);
    expect((await failureOf(owner.caller.credentials.locate({ ...t(), id: ids["Backup server"]!, pageSize: 2, notWorking: true }))).code).toBe("NOT_FOUND");
    // The page it names holds it.
    const located = await pageIn("Cloud API", { sort: "updated", direction: "desc" });
    const page = await owner.caller.credentials.list({ ...t(), sort: "updated", direction: "desc", page: located, pageSize: 2 });
    expect(names(page.items)).toContain("Cloud API");
  });

  it("refuses bad filters with the field named, and shows a restricted technician only what is shared", async () => {
    const bad = await failureOf(owner.caller.credentials.list({ ...t(), expiry: "soon" as never }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/Expiry filter/);
    const badSort = await failureOf(owner.caller.credentials.list({ ...t(), sort: "password" as never }));
    expect(badSort.message).toMatch(/Sort must be one of/);

    // A restricted technician with Firewall shared: the filters and the tag list cover only that password.
    const technician = await addMember(owner, "technician");
    await restrictTechnicians(owner, true);
    const membershipId = await membershipIdOf(owner, technician.email);
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: ids.Firewall!, grantee: { type: "member", membershipId }, level: "view" });
    const seen = await technician.caller.credentials.list({ ...t(), pageSize: 100, tag: "network" });
    expect({ names: names(seen.items), total: seen.total }).toEqual({ names: ["Firewall"], total: 1 });
    expect(await technician.caller.credentials.tags(t())).toEqual(["critical", "Network"]);
    expect((await failureOf(technician.caller.credentials.locate({ ...t(), id: ids["Cloud API"]!, pageSize: 2 }))).code).toBe("NOT_FOUND");
    expect(await technician.caller.credentials.locate({ ...t(), id: ids.Firewall!, pageSize: 2, sort: "customer" })).toEqual({ page: 1 });
  });
});
