import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { credentials, tenants } from "@/db/schema";
import { ownerDb } from "../support/db";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";

type Owner = Awaited<ReturnType<typeof newTenant>>;
/** Satisfies the default (Medium) policy. */
const SECRET = "Search-Secret-2026";

const namesOf = (found: { customers: { name: string }[]; contacts: { name: string }[]; devices: { name: string }[] }) => ({
  customers: found.customers.map((c) => c.name),
  contacts: found.contacts.map((c) => c.name),
  devices: found.devices.map((d) => d.name),
});

describe("⌘K finds customers, contacts and devices, and a password's page", () => {
  let owner: Owner;
  const t = () => ({ tenant: owner.slug });
  const ids = {} as Record<"harbor" | "lakeside" | "switchDevice" | "printer" | "contact", string>;

  beforeAll(async () => {
    owner = await newTenant();
    ids.harbor = (await owner.caller.customers.create({ ...t(), name: "Harbor Logistics" })).id;
    ids.lakeside = (await owner.caller.customers.create({ ...t(), name: "Lakeside Harbor Clinic" })).id;
    ids.switchDevice = (await owner.caller.devices.create({ ...t(), customerId: ids.harbor, name: "Core Switch", type: "network", hostname: "sw-core-01.harbor.lan" })).id;
    ids.printer = (await owner.caller.devices.create({ ...t(), customerId: ids.lakeside, name: "Front desk printer", type: "printer" })).id;
    ids.contact = (await owner.caller.contacts.create({ ...t(), customerId: ids.harbor, name: "Dana Scully", email: "dana@harbor.example" })).id;
    await owner.caller.credentials.create({ ...t(), target: { type: "device", id: ids.switchDevice }, name: "Switch enable", password: SECRET });
  }, 60_000);

  it("matches part of a name in any case, names that start with it first, with each contact's and device's customer", async () => {
    const found = await owner.caller.search.holders({ ...t(), term: "HARBOR" });
    expect(namesOf(found).customers).toEqual(["Harbor Logistics", "Lakeside Harbor Clinic"]);
    expect((await owner.caller.search.holders({ ...t(), term: "switch" })).devices).toEqual([
      { id: ids.switchDevice, name: "Core Switch", hostname: "sw-core-01.harbor.lan", kind: "non_agent", customerId: ids.harbor, customerName: "Harbor Logistics" },
    ]);
    expect((await owner.caller.search.holders({ ...t(), term: "scul" })).contacts).toEqual([
      { id: ids.contact, name: "Dana Scully", email: "dana@harbor.example", customerId: ids.harbor, customerName: "Harbor Logistics" },
    ]);
  });

  it("finds a contact by email and a device by hostname; pattern characters are literal; a limit caps each kind", async () => {
    expect(namesOf(await owner.caller.search.holders({ ...t(), term: "dana@harbor" })).contacts).toEqual(["Dana Scully"]);
    expect(namesOf(await owner.caller.search.holders({ ...t(), term: "sw-core-01" })).devices).toEqual(["Core Switch"]);
    expect(namesOf(await owner.caller.search.holders({ ...t(), term: "%" }))).toEqual({ customers: [], contacts: [], devices: [] });
    expect(namesOf(await owner.caller.search.holders({ ...t(), term: "a", limit: 1 })).customers).toHaveLength(1);
  });

  it("leaves out archived records", async () => {
    const archived = (await owner.caller.devices.create({ ...t(), customerId: ids.harbor, name: "Retired Switch", type: "network" })).id;
    await owner.caller.devices.archive({ ...t(), deviceId: archived });
    expect(namesOf(await owner.caller.search.holders({ ...t(), term: "switch" })).devices).toEqual(["Core Switch"]);
  });

  it("answers a bad term at the field", async () => {
    const failure = await failureOf(owner.caller.search.holders({ ...t(), term: "  " }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("Search is required.");
  });

  it("finds nothing of another workspace", async () => {
    const other = await newTenant();
    await other.caller.customers.create({ tenant: other.slug, name: "Harbor Elsewhere" });
    expect(namesOf(await owner.caller.search.holders({ ...t(), term: "Elsewhere" })).customers).toEqual([]);
    expect(namesOf(await other.caller.search.holders({ tenant: other.slug, term: "harbor" })).customers).toEqual(["Harbor Elsewhere"]);
  });

  it("shows a restricted technician only the records their shares lead to", async () => {
    const tech = await addMember(owner, "technician");
    const techId = await membershipIdOf(owner, tech.email);
    const shared = await owner.caller.credentials.create({ ...t(), target: { type: "device", id: ids.printer }, name: "Printer admin", password: SECRET });
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: shared.id, grantee: { type: "member", membershipId: techId }, level: "view" });
    await restrictTechnicians(owner, true);
    try {
      const found = namesOf(await tech.caller.search.holders({ ...t(), term: "r" }));
      expect(found).toEqual({ customers: ["Lakeside Harbor Clinic"], contacts: [], devices: ["Front desk printer"] });
    } finally {
      await restrictTechnicians(owner, false);
    }
  });

  it("keeps the whole-vault search current through edits, moves, customer renames, the trash and imports' bulk inserts", async () => {
    const token = randomUUID().slice(0, 8);
    const hits = async (term: string) => (await owner.caller.credentials.list({ ...t(), search: term })).items.map((i) => i.name);
    const customer = (await owner.caller.customers.create({ ...t(), name: `Quay ${token}` })).id;
    const { id } = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customer }, name: `Dock ${token}`, password: SECRET, tags: [`crane-${token}`] });
    expect(await hits(`quay ${token}`)).toEqual([`Dock ${token}`]);
    expect(await hits(`crane-${token}`)).toEqual([`Dock ${token}`]);

    await owner.caller.credentials.update({ ...t(), id, version: 1, changes: { name: `Pier ${token}`, tags: [`hoist-${token}`] } });
    expect(await hits(`crane-${token}`)).toEqual([]);
    expect(await hits(`hoist-${token}`)).toEqual([`Pier ${token}`]);
    // A change of case only still re-sorts the list: the stored name is the list's order.
    await owner.caller.credentials.update({ ...t(), id, version: 2, changes: { name: `PIER ${token}` } });
    expect(await hits(`hoist-${token}`)).toEqual([`PIER ${token}`]);

    await owner.caller.customers.update({ ...t(), customerId: customer, name: `Wharf ${token}` });
    expect(await hits(`quay ${token}`)).toEqual([]);
    expect(await hits(`wharf ${token}`)).toEqual([`PIER ${token}`]);

    await owner.caller.credentials.update({ ...t(), id, version: 3, changes: { target: { type: "customer", id: ids.harbor } } });
    expect(await hits(`wharf ${token}`)).toEqual([]);
    expect((await hits(`harbor logistics`)).includes(`PIER ${token}`)).toBe(true);

    await owner.caller.credentials.delete({ ...t(), id });
    expect(await hits(`hoist-${token}`)).toEqual([]);
    await owner.caller.credentials.restore({ ...t(), id });
    expect(await hits(`hoist-${token}`)).toEqual([`PIER ${token}`]);

    // Many rows in one statement (what an import's publishing does) are all found, each under its customer.
    const [{ tenantId }] = (await (await ownerDb()).select({ tenantId: tenants.id }).from(tenants).where(eq(tenants.slug, owner.slug))) as [{ tenantId: string }];
    const batch = Array.from({ length: 3 }, (_, i) => ({ tenantId, customerId: customer, name: `Bulk ${i} ${token}`, secret: "v1.1.x" as never, createdBy: owner.userId }));
    await withTenant(tenantId, (tx) => tx.insert(credentials).values(batch));
    expect(await hits(`wharf ${token}`)).toEqual([`Bulk 0 ${token}`, `Bulk 1 ${token}`, `Bulk 2 ${token}`]);
  });

  it("locates a password's page in its holder's list, and hides one the member may not see there", async () => {
    const target = { type: "customer" as const, id: ids.lakeside };
    const made: Record<string, string> = {};
    for (const name of ["Echo", "Alpha", "Delta", "Charlie", "Bravo"]) {
      made[name] = (await owner.caller.credentials.create({ ...t(), target, name, password: SECRET })).id;
    }
    // Lakeside's list, in name order: Alpha, Bravo, Charlie, Delta, Echo, Printer admin.
    const pageOf = async (name: string) => (await owner.caller.credentials.locate({ ...t(), id: made[name]!, target, pageSize: 2 })).page;
    expect(await Promise.all(["Alpha", "Bravo", "Charlie", "Delta", "Echo"].map(pageOf))).toEqual([1, 1, 2, 2, 3]);
    const list = await owner.caller.credentials.list({ ...t(), target, page: 2, pageSize: 2 });
    expect(list.items.map((i) => i.name)).toEqual(["Charlie", "Delta"]);

    // Not in that list (another holder's), unknown, and another workspace's: all the same NOT_FOUND.
    const elsewhere = await failureOf(owner.caller.credentials.locate({ ...t(), id: made.Alpha!, target: { type: "customer", id: ids.harbor }, pageSize: 2 }));
    const unknown = await failureOf(owner.caller.credentials.locate({ ...t(), id: randomUUID(), target, pageSize: 2 }));
    const other = await newTenant();
    const foreign = await failureOf(other.caller.credentials.locate({ tenant: other.slug, id: made.Alpha!, target, pageSize: 2 }));
    for (const failure of [elsewhere, unknown, foreign]) expect({ code: failure.code, message: failure.message }).toEqual({ code: unknown.code, message: unknown.message });
    expect(unknown.code).toBe("NOT_FOUND");
  });
});
