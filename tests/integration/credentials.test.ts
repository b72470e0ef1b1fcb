import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { contacts, credentials, customers, devices, tenants } from "@/db/schema";
import { addMember, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

type Owner = Awaited<ReturnType<typeof newTenant>>;
/** Satisfies the default (Medium) policy: 12+ characters with lower, upper and digit. */
const STRONG = "Valid-Password-2026";

/** A customer with one contact and one device, written directly (their own services are tested elsewhere). */
async function fixtures(slug: string) {
  const db = await ownerDb();
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  const tenantId = tenant!.id;
  return withTenant(tenantId, async (tx) => {
    const [customer] = await tx.insert(customers).values({ tenantId, name: "Northwind" }).returning();
    const [contact] = await tx.insert(contacts).values({ tenantId, customerId: customer!.id, name: "Maria" }).returning();
    const [device] = await tx
      .insert(devices)
      .values({ tenantId, customerId: customer!.id, name: "Core switch", kind: "non_agent", type: "network" })
      .returning();
    return { tenantId, customerId: customer!.id, contactId: contact!.id, deviceId: device!.id };
  });
}

async function credentialCount(tenantId: string) {
  return (await withTenant(tenantId, (tx) => tx.select().from(credentials))).length;
}

describe("credentials", () => {
  let owner: Owner;
  let f: Awaited<ReturnType<typeof fixtures>>;
  const base = () => ({ tenant: owner.slug });

  beforeAll(async () => {
    owner = await newTenant();
    f = await fixtures(owner.slug);
  }, 60_000);

  it("stores a password on a customer, a contact and a device; lists carry no secret", async () => {
    const seed = authenticator.generateSecret(20);
    const onCustomer = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: f.customerId },
      name: "Domain admin",
      username: "administrator",
      password: "Customer-P@ss-1",
      domain: "NORTHWIND",
      loginUrl: "https://portal.northwind.example",
      notes: "Break-glass only",
      totp: `otpauth://totp/Northwind:admin?secret=${seed}&issuer=Northwind`,
      tags: ["ad", "critical"],
    });
    await owner.caller.credentials.create({ ...base(), target: { type: "contact", id: f.contactId }, name: "Maria M365", password: "Contact-P@ss-2" });
    await owner.caller.credentials.create({ ...base(), target: { type: "device", id: f.deviceId }, name: "Switch admin", password: "Device-P@ss-3" });

    const all = await owner.caller.credentials.list({ ...base(), target: { type: "customer", id: f.customerId } });
    expect(all.total).toBe(3);
    const onContact = await owner.caller.credentials.list({ ...base(), target: { type: "contact", id: f.contactId } });
    expect(onContact.items.map((c) => c.name)).toEqual(["Maria M365"]);
    expect(onContact.items[0]).toMatchObject({ customerName: "Northwind", contactName: "Maria" });
    const onDevice = await owner.caller.credentials.list({ ...base(), target: { type: "device", id: f.deviceId } });
    expect(onDevice.items[0]).toMatchObject({ name: "Switch admin", deviceName: "Core switch" });

    const listed = JSON.stringify(all);
    for (const secret of ["Customer-P@ss-1", "Contact-P@ss-2", "Device-P@ss-3", "Break-glass", seed, "v1."]) {
      expect(listed).not.toContain(secret);
    }
    const one = all.items.find((c) => c.id === onCustomer.id)!;
    expect(one).toMatchObject({ hasNotes: true, hasTotp: true, tags: ["ad", "critical"], version: 1 });
  });

  it("reveals and copies one field at a time, each audited, and shows TOTP codes but never the seed", async () => {
    const seed = authenticator.generateSecret(20);
    const { id } = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: f.customerId },
      name: "Firewall",
      password: "Fw-Secret-99",
      notes: "VPN PSK is elsewhere",
      totp: seed,
    });
    expect(await owner.caller.credentials.reveal({ ...base(), id, field: "password" })).toEqual({ value: "Fw-Secret-99" });
    expect(await owner.caller.credentials.reveal({ ...base(), id, field: "notes", purpose: "copy" })).toEqual({ value: "VPN PSK is elsewhere" });
    const totp = await owner.caller.credentials.totpCode({ ...base(), id });
    expect(totp.code).toBe(authenticator.generate(seed));
    expect(totp.secondsLeft).toBeGreaterThan(0);

    const { items } = await owner.caller.audit.list({ ...base(), limit: 20 });
    const mine = items.filter((e) => e.targetId === id).map((e) => [e.action, e.details.field ?? null]);
    expect(mine).toEqual(
      expect.arrayContaining([
        ["credential.revealed", "password"],
        ["credential.copied", "notes"],
        ["credential.totp_viewed", null],
      ]),
    );
    expect(JSON.stringify(items)).not.toContain("Fw-Secret-99");
  });

  it("keeps custom fields: text ones plain, secret ones sealed and revealable", async () => {
    const { id } = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: f.customerId },
      kind: "wifi",
      name: "Guest Wi-Fi",
      password: "Guest-Wifi-Pass-1",
      customFields: [
        { label: "SSID", type: "text", value: "NW-Guest" },
        { label: "Admin PIN", type: "secret", value: "4711" },
      ],
    });
    const got = await owner.caller.credentials.get({ ...base(), id });
    expect(got.kind).toBe("wifi");
    expect(got.customFields).toEqual([
      { id: expect.any(String), label: "SSID", type: "text", value: "NW-Guest" },
      { id: expect.any(String), label: "Admin PIN", type: "secret" },
    ]);
    const pin = got.customFields[1]!;
    expect(await owner.caller.credentials.reveal({ ...base(), id, field: `custom:${pin.id}` })).toEqual({ value: "4711" });
  });

  it("edits inline with optimistic concurrency: a stale edit is refused with who and when", async () => {
    const { id } = await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Printer", password: "Old-Pass-0001" });
    const first = await owner.caller.credentials.update({ ...base(), id, version: 1, changes: { username: "admin" } });
    expect(first.version).toBe(2);
    const stale = await failureOf(owner.caller.credentials.update({ ...base(), id, version: 1, changes: { username: "root" } }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain("changed by Olivia Owner");
    expect(stale.fieldErrors).toHaveProperty("version");
    await owner.caller.credentials.update({ ...base(), id, version: 2, changes: { password: "New-Pass-0002" } });

    const got = await owner.caller.credentials.get({ ...base(), id });
    expect(got).toMatchObject({ username: "admin", version: 3 });
    const history = await owner.caller.credentials.history({ ...base(), id });
    expect(history.map((h) => [h.version, h.changedFields, h.passwordChanged])).toEqual([
      [3, ["password"], true],
      [2, ["username"], false],
      [1, ["name", "password"], true],
    ]);
    expect(await owner.caller.credentials.revealVersion({ ...base(), id, version: 1 })).toEqual({ value: "Old-Pass-0001" });
    expect(await owner.caller.credentials.reveal({ ...base(), id, field: "password" })).toEqual({ value: "New-Pass-0002" });
  });

  it("moves a credential between targets, only within the tenant", async () => {
    const { id } = await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Mover", password: STRONG });
    await owner.caller.credentials.update({ ...base(), id, version: 1, changes: { target: { type: "device", id: f.deviceId } } });
    expect((await owner.caller.credentials.get({ ...base(), id })).deviceId).toBe(f.deviceId);
    const other = await newTenant();
    const theirs = await fixtures(other.slug);
    const moved = await failureOf(
      owner.caller.credentials.update({ ...base(), id, version: 2, changes: { target: { type: "customer", id: theirs.customerId } } }),
    );
    expect(moved).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { target: "That customer does not exist in this workspace." } });
  });

  it("deletes softly; admins restore or purge from the trash", async () => {
    const { id } = await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Trash me", password: STRONG });
    await owner.caller.credentials.delete({ ...base(), id });
    expect((await owner.caller.credentials.list({ ...base(), search: "Trash me" })).total).toBe(0);
    expect((await owner.caller.credentials.trash({ ...base(), search: "Trash me" })).total).toBe(1);
    expect((await failureOf(owner.caller.credentials.reveal({ ...base(), id, field: "password" }))).code).toBe("NOT_FOUND");
    await owner.caller.credentials.restore({ ...base(), id });
    expect((await owner.caller.credentials.list({ ...base(), search: "Trash me" })).total).toBe(1);
    await owner.caller.credentials.delete({ ...base(), id });
    await owner.caller.credentials.purge({ ...base(), id });
    expect((await owner.caller.credentials.trash({ ...base(), search: "Trash me" })).total).toBe(0);
  });

  it("searches names, usernames, domains, URLs, tags and customers — never secrets", async () => {
    const tag = `tag-${randomUUID().slice(0, 6)}`;
    await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Searchable", password: "Hidden-Needle-77", tags: [tag] });
    expect((await owner.caller.credentials.list({ ...base(), search: tag })).total).toBe(1);
    expect((await owner.caller.credentials.list({ ...base(), search: "Northwind" })).total).toBeGreaterThan(0);
    expect((await owner.caller.credentials.list({ ...base(), search: "Hidden-Needle" })).total).toBe(0);
    expect((await owner.caller.credentials.list({ ...base(), search: "100%_" })).total).toBe(0);
  });

  it("finds a part of any searched field in any case, alike across the vault and on one customer, never across two fields", async () => {
    const token = randomUUID().slice(0, 8);
    const { id } = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: f.customerId },
      name: `Core Firewall ${token}`,
      username: `svc-${token}`,
      domain: `corp-${token}.example`,
      loginUrl: `https://portal-${token}.example.com`,
      password: STRONG,
      tags: [`Tier-${token}`],
    });
    for (const target of [undefined, { type: "customer" as const, id: f.customerId }]) {
      for (const term of [`REWALL ${token}`, `vc-${token.toUpperCase()}`, `rp-${token}.EX`, `${token}.example.c`, `ier-${token}`]) {
        expect((await owner.caller.credentials.list({ ...base(), target, search: term })).items.map((i) => i.id), term).toEqual([id]);
      }
      // Part of the customer's name ("Northwind"), which its other passwords share.
      expect((await owner.caller.credentials.list({ ...base(), target, search: "THWIN" })).items.map((i) => i.id)).toContain(id);
      // The description ends with the token and the username starts with "svc": no single field holds both.
      expect((await owner.caller.credentials.list({ ...base(), target, search: `${token} svc` })).total).toBe(0);
    }
  });

  it("enforces the effective policy: the rule is named, admins may override with a reason (audited)", async () => {
    const weak = await failureOf(
      owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Weak", password: "short" }),
    );
    expect(weak).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: "Must be at least 12 characters (policy Medium)." } });

    const tech = await addMember(owner, "technician");
    const refused = await failureOf(
      tech.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Weak", password: "short", overrideReason: "legacy device" }),
    );
    expect(refused.code).toBe("FORBIDDEN");

    const { id } = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: f.customerId },
      name: "Legacy printer",
      password: "1234",
      overrideReason: "The printer only takes 4 digits",
    });
    const { items } = await owner.caller.audit.list({ ...base(), action: "credential.policy_overridden" });
    expect(items.find((e) => e.targetId === id)?.details).toMatchObject({ reason: "The printer only takes 4 digits" });
    expect(JSON.stringify(items)).not.toContain('"1234"');
  });

  it("sets the expiry from the policy's max age and refuses reusing a recent password", async () => {
    const before = Date.now();
    const { id } = await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Aging", password: "First-Password-01" });
    const created = await owner.caller.credentials.get({ ...base(), id });
    // Medium: 365 days.
    expect(created.expiresAt!.getTime() - before).toBeGreaterThan(364 * 86_400_000);
    expect(created.expiresAt!.getTime() - before).toBeLessThan(366 * 86_400_000);
    await owner.caller.credentials.update({ ...base(), id, version: 1, changes: { password: "Second-Password-02" } });
    const reuse = await failureOf(owner.caller.credentials.update({ ...base(), id, version: 2, changes: { password: "First-Password-01" } }));
    expect(reuse).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: "Must not repeat one of the last 3 passwords (policy Medium)." } });
  });

  it.each([
    ["name", { name: "" }, "Description is required."],
    ["name", { name: "x".repeat(201) }, "Description must be at most 200 characters."],
    ["password", { password: "" }, "Password is required."],
    ["loginUrl", { loginUrl: "javascript:alert(1)" }, "Login URL must start with http:// or https://."],
    ["loginUrl", { loginUrl: "ftp://files.example" }, "Login URL must start with http:// or https://."],
    ["totp", { totp: "not base32!" }, "TOTP secret must be base32 (letters A–Z and digits 2–7), at least 16 characters."],
    ["totp", { totp: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXPJBSWY3DP&digits=8" }, "Only 6-digit, 30-second SHA-1 TOTP codes are supported."],
    ["tags", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "At most 20 tags."],
    ["username", { username: "u".repeat(257) }, "Username must be at most 256 characters."],
  ])("refuses a bad %s with a message at the field and writes nothing", async (field, bad, message) => {
    const before = await credentialCount(f.tenantId);
    const failure = await failureOf(
      owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Valid", password: STRONG, ...bad }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.[field]).toBe(message);
    expect(await credentialCount(f.tenantId)).toBe(before);
  });

  it("refuses another tenant's target with the same answer as an unknown one, and writes nothing", async () => {
    const other = await newTenant();
    const theirs = await fixtures(other.slug);
    const before = await credentialCount(f.tenantId);
    for (const target of [
      { type: "customer" as const, id: theirs.customerId },
      { type: "contact" as const, id: theirs.contactId },
      { type: "device" as const, id: theirs.deviceId },
    ]) {
      const foreign = await failureOf(owner.caller.credentials.create({ ...base(), target, name: "X", password: STRONG }));
      const unknown = await failureOf(owner.caller.credentials.create({ ...base(), target: { ...target, id: randomUUID() }, name: "X", password: STRONG }));
      expect(foreign).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { target: `That ${target.type} does not exist in this workspace.` } });
      expect(foreign.message).toBe(unknown.message);
    }
    expect(await credentialCount(f.tenantId)).toBe(before);
    const rows = await withTenant(theirs.tenantId, (tx) => tx.select().from(credentials).where(and(eq(credentials.tenantId, theirs.tenantId))));
    expect(rows).toHaveLength(0);
  });

  it("lets auditors and read-only members see metadata but never reveal; auditors see history", async () => {
    const { id } = await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: f.customerId }, name: "Meta only", password: "Nope-Nope-123" });
    for (const role of ["auditor", "readonly"] as const) {
      const member = await addMember(owner, role);
      expect((await member.caller.credentials.get({ ...base(), id })).name).toBe("Meta only");
      expect((await failureOf(member.caller.credentials.reveal({ ...base(), id, field: "password" }))).code).toBe("FORBIDDEN");
      const history = member.caller.credentials.history({ ...base(), id });
      if (role === "auditor") expect(await history).toHaveLength(1);
      else expect((await failureOf(history)).code).toBe("FORBIDDEN");
    }
    const tech = await addMember(owner, "technician");
    expect(await tech.caller.credentials.reveal({ ...base(), id, field: "password" })).toEqual({ value: "Nope-Nope-123" });
    expect((await failureOf(tech.caller.credentials.revealVersion({ ...base(), id, version: 1 }))).code).toBe("FORBIDDEN");
  });
});
