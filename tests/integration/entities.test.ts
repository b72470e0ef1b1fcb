import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { customers, tenants } from "@/db/schema";
import { addMember, callerAs, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

type Caller = ReturnType<typeof callerAs>;
type Owner = { caller: Caller; slug: string };

async function auditOf(owner: Owner, action: string) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, action, limit: 100 });
  return items;
}

/** Every row of each entity list, archived ones included: "nothing was written" means these do not change. */
async function everything(owner: Owner) {
  const all = { tenant: owner.slug, includeArchived: true, pageSize: 100 };
  const [c, p, d] = await Promise.all([
    owner.caller.customers.list(all),
    owner.caller.contacts.list(all),
    owner.caller.devices.list(all),
  ]);
  return { customers: c.items, contacts: p.items, devices: d.items };
}

describe("customers", () => {
  it("create → get → list (search, sort, pages) → update → archive → restore, each write audited", async () => {
    const owner = await newTenant();
    const t = { tenant: owner.slug };
    const acme = await owner.caller.customers.create({ ...t, name: "  Acme Dental  ", notes: "Front desk PC is in the closet." });
    expect(acme).toMatchObject({ name: "Acme Dental", notes: "Front desk PC is in the closet.", archivedAt: null });
    for (const name of ["bravo Logistics", "Charlie Law", "100% Fitness"]) await owner.caller.customers.create({ ...t, name });
    expect(await owner.caller.customers.get({ ...t, customerId: acme.id })).toMatchObject({ id: acme.id, name: "Acme Dental" });

    const byName = await owner.caller.customers.list(t);
    expect(byName).toMatchObject({ total: 4, page: 1, pageSize: 25 });
    expect(byName.items.map((c) => c.name)).toEqual(["100% Fitness", "Acme Dental", "bravo Logistics", "Charlie Law"].sort((x, y) => (x < y ? -1 : 1)));
    expect(byName.items[0]).not.toHaveProperty("notes");
    const desc = await owner.caller.customers.list({ ...t, direction: "desc" });
    expect(desc.items.map((c) => c.name)).toEqual(byName.items.map((c) => c.name).reverse());

    // Case-insensitive search on the name; % and _ in the term are matched literally.
    expect((await owner.caller.customers.list({ ...t, search: "BRAVO" })).items.map((c) => c.name)).toEqual(["bravo Logistics"]);
    expect((await owner.caller.customers.list({ ...t, search: "0%" })).items.map((c) => c.name)).toEqual(["100% Fitness"]);
    expect((await owner.caller.customers.list({ ...t, search: "_" })).total).toBe(0);

    // Pages of 3: the second holds the rest, and the total counts every match.
    const [p1, p2] = await Promise.all([1, 2].map((page) => owner.caller.customers.list({ ...t, page, pageSize: 3 })));
    expect(p1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(p2!.items).toHaveLength(1);
    expect([...p1!.items, ...p2!.items].map((c) => c.id)).toEqual(byName.items.map((c) => c.id));
    expect((await owner.caller.customers.list({ ...t, page: 9 })).items).toEqual([]);

    const updated = await owner.caller.customers.update({ ...t, customerId: acme.id, name: "Acme Dental Group", notes: "moved" });
    expect(updated).toMatchObject({ name: "Acme Dental Group", notes: "moved" });
    const byUpdated = await owner.caller.customers.list({ ...t, sort: "updated", direction: "desc" });
    expect(byUpdated.items[0]!.id).toBe(acme.id);
    // An update that changes nothing writes nothing.
    await owner.caller.customers.update({ ...t, customerId: acme.id, name: "Acme Dental Group" });

    await owner.caller.customers.archive({ ...t, customerId: acme.id });
    await owner.caller.customers.archive({ ...t, customerId: acme.id }); // twice is a no-op
    expect((await owner.caller.customers.list(t)).items.map((c) => c.id)).not.toContain(acme.id);
    const withArchived = await owner.caller.customers.list({ ...t, includeArchived: true });
    expect(withArchived.total).toBe(4);
    expect(withArchived.items.find((c) => c.id === acme.id)!.archivedAt).toBeInstanceOf(Date);
    await owner.caller.customers.unarchive({ ...t, customerId: acme.id });
    expect((await owner.caller.customers.get({ ...t, customerId: acme.id })).archivedAt).toBeNull();

    expect(await auditOf(owner, "customer.created")).toHaveLength(4);
    expect(await auditOf(owner, "customer.updated")).toEqual([
      expect.objectContaining({ targetType: "customer", targetId: acme.id, details: { name: "Acme Dental Group", changed: ["name", "notes"] } }),
    ]);
    expect(await auditOf(owner, "customer.archived")).toEqual([expect.objectContaining({ targetId: acme.id, details: { name: "Acme Dental Group" } })]);
    expect(await auditOf(owner, "customer.restored")).toEqual([expect.objectContaining({ targetId: acme.id })]);
    const trail = JSON.stringify(await owner.caller.audit.list({ tenant: owner.slug, limit: 100 }));
    expect(trail).not.toContain("closet");
    expect(trail).not.toContain("moved");
  });

  it("pages through 10,000 customers with one total", async () => {
    const owner = await newTenant();
    const db = await ownerDb();
    const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, owner.slug));
    await withTenant(tenant!.id, async (tx) => {
      for (let start = 0; start < 10_000; start += 2_000) {
        const rows = Array.from({ length: 2_000 }, (_, i) => ({ tenantId: tenant!.id, name: `Customer ${String(start + i).padStart(5, "0")}` }));
        await tx.insert(customers).values(rows);
      }
    });
    const t = { tenant: owner.slug, pageSize: 100 };
    const last = await owner.caller.customers.list({ ...t, page: 100 });
    expect(last.total).toBe(10_000);
    expect(last.items.map((c) => c.name)).toEqual(Array.from({ length: 100 }, (_, i) => `Customer ${String(9_900 + i).padStart(5, "0")}`));
    const searched = await owner.caller.customers.list({ ...t, search: "customer 0999" });
    expect(searched.total).toBe(10);
    expect((await owner.caller.customers.list({ ...t, sort: "updated", direction: "desc" })).items).toHaveLength(100);
  }, 60_000);
});

describe("contacts and devices", () => {
  it("are filed under a customer, searched, filtered, linked back to it, updated and archived", async () => {
    const owner = await newTenant();
    const t = { tenant: owner.slug };
    const acme = await owner.caller.customers.create({ ...t, name: "Acme" });
    const other = await owner.caller.customers.create({ ...t, name: "Other" });

    const dana = await owner.caller.contacts.create({ ...t, customerId: acme.id, name: "Dana Scully", email: " Dana@Acme.example ", phone: "+1 555 0100" });
    expect(dana).toMatchObject({ customerId: acme.id, email: "dana@acme.example", phone: "+1 555 0100" });
    await owner.caller.contacts.create({ ...t, customerId: acme.id, name: "Fox Mulder" });
    await owner.caller.contacts.create({ ...t, customerId: other.id, name: "Walter Skinner", email: "ws@other.example" });

    expect((await owner.caller.contacts.list({ ...t, search: "ACME.EXAMPLE" })).items.map((c) => c.name)).toEqual(["Dana Scully"]);
    expect((await owner.caller.contacts.list({ ...t, search: "mulder" })).items.map((c) => c.name)).toEqual(["Fox Mulder"]);
    const ofAcme = await owner.caller.contacts.list({ ...t, customerId: acme.id });
    expect(ofAcme.total).toBe(2);
    expect(ofAcme.items[0]).toMatchObject({ name: "Dana Scully", customerName: "Acme" });
    expect(await owner.caller.contacts.get({ ...t, contactId: dana.id })).toMatchObject({
      name: "Dana Scully",
      customer: { id: acme.id, name: "Acme" },
    });
    expect(await owner.caller.contacts.update({ ...t, contactId: dana.id, email: "", phone: "" })).toMatchObject({ email: "", phone: "" });
    await owner.caller.contacts.archive({ ...t, contactId: dana.id });
    expect((await owner.caller.contacts.list({ ...t, customerId: acme.id })).items.map((c) => c.name)).toEqual(["Fox Mulder"]);
    await owner.caller.contacts.unarchive({ ...t, contactId: dana.id });

    const fw = await owner.caller.devices.create({ ...t, customerId: acme.id, name: "Edge firewall", type: "firewall", ipAddress: "192.0.2.1", notes: "admin is on the sticky note" });
    expect(fw).toMatchObject({ kind: "non_agent", type: "firewall", hostname: "", ipAddress: "192.0.2.1" });
    const srv = await owner.caller.devices.create({ ...t, customerId: acme.id, name: "DC01", type: "server", hostname: "dc01.acme.local", ipAddress: "2001:db8::10" });
    await owner.caller.devices.create({ ...t, customerId: other.id, name: "Printer", type: "printer", hostname: "PRN-ACME-LOOKALIKE" });

    expect((await owner.caller.devices.list({ ...t, search: "DC01.ACME" })).items.map((d) => d.id)).toEqual([srv.id]);
    expect((await owner.caller.devices.list({ ...t, search: "192.0.2" })).items.map((d) => d.id)).toEqual([fw.id]);
    expect((await owner.caller.devices.list({ ...t, search: "2001:DB8" })).items.map((d) => d.id)).toEqual([srv.id]);
    expect((await owner.caller.devices.list({ ...t, search: "acme" })).total).toBe(2); // hostname of both others
    expect((await owner.caller.devices.list({ ...t, customerId: acme.id })).total).toBe(2);
    expect((await owner.caller.devices.list({ ...t, type: "printer" })).items.map((d) => d.name)).toEqual(["Printer"]);
    expect((await owner.caller.devices.list({ ...t, kind: "agent" })).total).toBe(0);
    expect((await owner.caller.devices.list(t)).items[0]).not.toHaveProperty("notes");
    expect(await owner.caller.devices.get({ ...t, deviceId: fw.id })).toMatchObject({
      notes: "admin is on the sticky note",
      customer: { id: acme.id, name: "Acme" },
    });

    await owner.caller.devices.update({ ...t, deviceId: fw.id, notes: "rotated", hostname: "fw.acme.local" });
    await owner.caller.devices.archive({ ...t, deviceId: fw.id });
    expect((await owner.caller.devices.list({ ...t, customerId: acme.id })).items.map((d) => d.id)).toEqual([srv.id]);
    expect((await owner.caller.devices.list({ ...t, customerId: acme.id, includeArchived: true })).total).toBe(2);

    // Devices cannot be filed under an archived customer.
    await owner.caller.customers.archive({ ...t, customerId: other.id });
    const archived = await failureOf(owner.caller.devices.create({ ...t, customerId: other.id, name: "Late", type: "other" }));
    expect(archived).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { customerId: "Other is archived. Restore it first." } });

    expect(await auditOf(owner, "contact.created")).toHaveLength(3);
    expect(await auditOf(owner, "contact.updated")).toEqual([
      expect.objectContaining({ targetId: dana.id, details: { name: "Dana Scully", changed: ["email", "phone"] } }),
    ]);
    expect((await auditOf(owner, "contact.archived")).map((e) => e.targetId)).toEqual([dana.id]);
    expect((await auditOf(owner, "contact.restored")).map((e) => e.targetId)).toEqual([dana.id]);
    expect(await auditOf(owner, "device.created")).toContainEqual(
      expect.objectContaining({ targetType: "device", targetId: fw.id, details: { name: "Edge firewall", customerId: acme.id, type: "firewall" } }),
    );
    expect(await auditOf(owner, "device.updated")).toEqual([
      expect.objectContaining({ targetId: fw.id, details: { name: "Edge firewall", changed: ["hostname", "notes"] } }),
    ]);
    expect((await auditOf(owner, "device.archived")).map((e) => e.targetId)).toEqual([fw.id]);
    const trail = JSON.stringify(await owner.caller.audit.list({ tenant: owner.slug, limit: 100 }));
    expect(trail).not.toContain("sticky");
    expect(trail).not.toContain("rotated");
  });
});

describe("bad input", () => {
  it("names the field and the reason, and writes nothing", async () => {
    const owner = await newTenant();
    const t = { tenant: owner.slug };
    const acme = await owner.caller.customers.create({ ...t, name: "Acme" });
    const contact = await owner.caller.contacts.create({ ...t, customerId: acme.id, name: "Dana" });
    const device = await owner.caller.devices.create({ ...t, customerId: acme.id, name: "DC01", type: "server" });
    const before = await everything(owner);
    const auditBefore = (await owner.caller.audit.list({ ...t, limit: 100 })).items.length;

    const cases: [string, () => Promise<unknown>, string, string][] = [
      ["customer name empty", () => owner.caller.customers.create({ ...t, name: "   " }), "name", "Name is required."],
      ["customer name long", () => owner.caller.customers.create({ ...t, name: "n".repeat(201) }), "name", "Name must be at most 200 characters."],
      ["customer notes long", () => owner.caller.customers.create({ ...t, name: "Ok", notes: "x".repeat(10_001) }), "notes", "Notes must be at most 10,000 characters."],
      ["customer rename empty", () => owner.caller.customers.update({ ...t, customerId: acme.id, name: "" }), "name", "Name is required."],
      ["contact email", () => owner.caller.contacts.create({ ...t, customerId: acme.id, name: "X", email: "not-an-email" }), "email", "Email must be a valid address, like name@example.com, or empty."],
      ["contact phone", () => owner.caller.contacts.create({ ...t, customerId: acme.id, name: "X", phone: "1".repeat(51) }), "phone", "Phone must be at most 50 characters."],
      ["contact name long", () => owner.caller.contacts.update({ ...t, contactId: contact.id, name: "n".repeat(201) }), "name", "Name must be at most 200 characters."],
      ["contact email update", () => owner.caller.contacts.update({ ...t, contactId: contact.id, email: "a@b" }), "email", "Email must be a valid address, like name@example.com, or empty."],
      ["device hostname", () => owner.caller.devices.create({ ...t, customerId: acme.id, name: "X", type: "server", hostname: "h".repeat(256) }), "hostname", "Hostname must be at most 255 characters."],
      ["device ip", () => owner.caller.devices.create({ ...t, customerId: acme.id, name: "X", type: "server", ipAddress: "300.1.1.1" }), "ipAddress", "IP address must be a valid IPv4 or IPv6 address, like 192.0.2.10 or 2001:db8::1, or empty."],
      ["device ip update", () => owner.caller.devices.update({ ...t, deviceId: device.id, ipAddress: "fe80::zz" }), "ipAddress", "IP address must be a valid IPv4 or IPv6 address, like 192.0.2.10 or 2001:db8::1, or empty."],
      ["device notes", () => owner.caller.devices.update({ ...t, deviceId: device.id, notes: "x".repeat(10_001) }), "notes", "Notes must be at most 10,000 characters."],
      ["device type", () => owner.caller.devices.create({ ...t, customerId: acme.id, name: "X", type: "toaster" as "server" }), "type", "Type must be server, workstation, network, printer, firewall, cloud or other."],
      ["unknown customer", () => owner.caller.contacts.create({ ...t, customerId: randomUUID(), name: "X" }), "customerId", "Customer was not found in this workspace."],
      ["page size", () => owner.caller.customers.list({ ...t, pageSize: 101 }), "pageSize", "Page size must be at most 100."],
      ["sort", () => owner.caller.devices.list({ ...t, sort: "ip" as "name" }), "sort", "Sort must be name or updated."],
    ];
    for (const [label, call, field, message] of cases) {
      const failure = await failureOf(call());
      expect(failure.code, label).toBe("BAD_REQUEST");
      expect(failure.fieldErrors, label).toEqual({ [field]: message });
    }
    expect(await everything(owner)).toEqual(before);
    expect((await owner.caller.audit.list({ ...t, limit: 100 })).items).toHaveLength(auditBefore);
  });
});

describe("tenant isolation", () => {
  it("refuses another tenant's customer as a parent and answers its ids as not found", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()]);
    const ta = { tenant: a.slug };
    const tb = { tenant: b.slug };
    const bCustomer = await b.caller.customers.create({ ...tb, name: "B customer", notes: "B's notes" });
    const bContact = await b.caller.contacts.create({ ...tb, customerId: bCustomer.id, name: "B contact" });
    const bDevice = await b.caller.devices.create({ ...tb, customerId: bCustomer.id, name: "B device", type: "server" });
    const bBefore = await everything(b);

    for (const call of [
      () => a.caller.contacts.create({ ...ta, customerId: bCustomer.id, name: "Sneaky" }),
      () => a.caller.devices.create({ ...ta, customerId: bCustomer.id, name: "Sneaky", type: "other" }),
    ]) {
      expect(await failureOf(call())).toMatchObject({
        code: "BAD_REQUEST",
        fieldErrors: { customerId: "Customer was not found in this workspace." },
      });
    }
    const notFound = [
      () => a.caller.customers.get({ ...ta, customerId: bCustomer.id }),
      () => a.caller.customers.update({ ...ta, customerId: bCustomer.id, name: "Mine now" }),
      () => a.caller.customers.archive({ ...ta, customerId: bCustomer.id }),
      () => a.caller.contacts.get({ ...ta, contactId: bContact.id }),
      () => a.caller.contacts.update({ ...ta, contactId: bContact.id, name: "Mine now" }),
      () => a.caller.contacts.archive({ ...ta, contactId: bContact.id }),
      () => a.caller.devices.get({ ...ta, deviceId: bDevice.id }),
      () => a.caller.devices.update({ ...ta, deviceId: bDevice.id, notes: "Mine now" }),
      () => a.caller.devices.unarchive({ ...ta, deviceId: bDevice.id }),
    ];
    for (const call of notFound) expect((await failureOf(call())).code).toBe("NOT_FOUND");
    expect(await failureOf(a.caller.customers.get({ ...ta, customerId: bCustomer.id }))).toMatchObject({ message: "Customer was not found." });
    expect((await a.caller.contacts.list({ ...ta, customerId: bCustomer.id })).total).toBe(0);
    expect(await everything(a)).toEqual({ customers: [], contacts: [], devices: [] });
    expect(await everything(b)).toEqual(bBefore);
  });
});

describe("roles", () => {
  it("every member reads; technicians add and edit; only admins and owners archive", async () => {
    const owner = await newTenant();
    const t = { tenant: owner.slug };
    const [readonly, technician, admin] = await Promise.all([
      addMember(owner, "readonly"),
      addMember(owner, "technician"),
      addMember(owner, "admin"),
    ]);
    const acme = await technician.caller.customers.create({ ...t, name: "Acme" });
    const contact = await technician.caller.contacts.create({ ...t, customerId: acme.id, name: "Dana" });
    const device = await technician.caller.devices.create({ ...t, customerId: acme.id, name: "DC01", type: "server" });
    await technician.caller.customers.update({ ...t, customerId: acme.id, notes: "tech was here" });

    expect((await readonly.caller.customers.list(t)).total).toBe(1);
    expect((await readonly.caller.devices.get({ ...t, deviceId: device.id })).name).toBe("DC01");
    expect((await readonly.caller.contacts.list(t)).total).toBe(1);
    const forbidden = [
      () => readonly.caller.customers.create({ ...t, name: "Nope" }),
      () => readonly.caller.contacts.update({ ...t, contactId: contact.id, name: "Nope" }),
      () => technician.caller.customers.archive({ ...t, customerId: acme.id }),
      () => technician.caller.contacts.archive({ ...t, contactId: contact.id }),
      () => technician.caller.devices.archive({ ...t, deviceId: device.id }),
    ];
    for (const call of forbidden) expect(await failureOf(call())).toMatchObject({ code: "FORBIDDEN", message: "Your role does not allow this." });
    expect((await owner.caller.customers.list(t)).items.map((c) => c.name)).toEqual(["Acme"]);

    await admin.caller.devices.archive({ ...t, deviceId: device.id });
    expect((await readonly.caller.devices.list(t)).total).toBe(0);
    expect(await auditOf(owner, "customer.created")).toEqual([expect.objectContaining({ actorUserId: technician.session.userId })]);
    expect(await auditOf(owner, "device.archived")).toEqual([expect.objectContaining({ actorUserId: admin.session.userId })]);
  });
});

describe("terminology", () => {
  it("defaults to customers, switches to sites, and every member sees it", async () => {
    const owner = await newTenant();
    const t = { tenant: owner.slug };
    const readonly = await addMember(owner, "readonly");
    expect(await owner.caller.workspace.settings(t)).toMatchObject({ terminology: "customers" });
    expect((await readonly.caller.workspace.summary(t)).terminology).toBe("customers");

    const security = { idleTimeoutMinutes: 45, absoluteTimeoutHours: 10, requireTwoFactor: false };
    await owner.caller.workspace.updateSettings({ ...t, ...security, terminology: "sites" });
    expect(await owner.caller.workspace.settings(t)).toMatchObject({ ...security, terminology: "sites" });
    expect((await readonly.caller.workspace.summary(t)).terminology).toBe("sites");
    // A form that does not send terminology leaves it as it is.
    await owner.caller.workspace.updateSettings({ ...t, ...security, idleTimeoutMinutes: 60 });
    expect(await owner.caller.workspace.settings(t)).toMatchObject({ idleTimeoutMinutes: 60, terminology: "sites" });

    const bad = await failureOf(owner.caller.workspace.updateSettings({ ...t, ...security, terminology: "clients" as "sites" }));
    expect(bad).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { terminology: "Terminology must be customers or sites." } });
    const events = await auditOf(owner, "settings.updated");
    expect(events.map((e) => e.details)).toEqual([{ idleTimeoutMinutes: 60 }, { idleTimeoutMinutes: 45, absoluteTimeoutHours: 10, terminology: "sites" }]);
  });
});
