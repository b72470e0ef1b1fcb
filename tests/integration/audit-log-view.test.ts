import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { AUDIT_CSV_COLUMNS } from "@/server/export/audit-log-csv";
import { AUDIT_EXPORT_TRUNCATED_HEADER } from "@/lib/audit-actions";
import { auditExportDownload } from "@/server/api/audit-export";
import type { SessionRef } from "@/server/auth/sessions";
import { recordAuditEvent } from "@/server/services/audit/record-audit-event";
import { addMember, afterResponse, failureOf, newTenant, testMeta } from "../support/actors";

type Owner = Awaited<ReturnType<typeof newTenant>>;
const SECRET = "Sup3r-Secret-Value-2026";

/** POSTs an audit export as the member's browser would, through the route's own handler. */
async function exportCsv(member: { session: SessionRef | null }, body: Record<string, unknown>) {
  const request = new Request("http://localhost/api/audit/export", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const response = await auditExportDownload({ session: member.session, meta: testMeta(), afterResponse }, request);
  const text = await response.text();
  return { response, text };
}

/** The CSV's rows (byte order mark and the final CRLF dropped), read back with an RFC 4180 parser. */
function csvRows(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

async function tenantIdOf(owner: Owner) {
  const [event] = (await owner.caller.audit.list({ tenant: owner.slug, action: "tenant.created" })).items;
  return event!.targetId!;
}

/** A workspace with two customers, a device, three passwords (one revealed, one in the trash, one purged). */
async function workspace() {
  const owner = await newTenant();
  const tenant = owner.slug;
  const north = await owner.caller.customers.create({ tenant, name: "Northwind" });
  const contoso = await owner.caller.customers.create({ tenant, name: "Contoso" });
  const device = await owner.caller.devices.create({ tenant, customerId: north.id, name: "Core switch", type: "network" });
  const admin = await owner.caller.credentials.create({ tenant, target: { type: "customer", id: north.id }, name: "Domain admin", password: SECRET });
  const onDevice = await owner.caller.credentials.create({ tenant, target: { type: "device", id: device.id }, name: "Switch admin", password: SECRET });
  const trashed = await owner.caller.credentials.create({ tenant, target: { type: "customer", id: contoso.id }, name: "=HYPERLINK(\"x\")", password: SECRET });
  const purged = await owner.caller.credentials.create({ tenant, target: { type: "customer", id: contoso.id }, name: "Old VPN", password: SECRET });
  await owner.caller.credentials.reveal({ tenant, id: admin.id, field: "password" });
  await owner.caller.credentials.reveal({ tenant, id: onDevice.id, field: "password", purpose: "copy" });
  await owner.caller.credentials.reveal({ tenant, id: purged.id, field: "password" });
  await owner.caller.credentials.delete({ tenant, id: trashed.id });
  await owner.caller.credentials.delete({ tenant, id: purged.id });
  await owner.caller.credentials.purge({ tenant, id: purged.id });
  return { owner, north, contoso, device, admin, onDevice, trashed, purged };
}

describe("the audit log as people read it", () => {
  let w: Awaited<ReturnType<typeof workspace>>;
  let other: Owner;
  const list = (input: Record<string, unknown> = {}) => w.owner.caller.audit.list({ tenant: w.owner.slug, ...input });

  beforeAll(async () => {
    [w, other] = await Promise.all([workspace(), newTenant()]);
  }, 120_000);

  it("names a password with its customer and links to the page it is filed on", async () => {
    const { items } = await list({ action: "credential.revealed" });
    const reveal = items.find((e) => e.targetId === w.admin.id)!;
    expect(reveal.target).toEqual({
      type: "credential",
      id: w.admin.id,
      noun: "password",
      name: "Domain admin",
      gone: false,
      customerName: "Northwind",
      place: { page: "customer", id: w.north.id, credentialId: w.admin.id },
    });
    const [copy] = (await list({ action: "credential.copied" })).items;
    expect(copy!.target).toMatchObject({ name: "Switch admin", customerName: "Northwind", place: { page: "device", id: w.device.id, credentialId: w.onDevice.id } });
  });

  it("keeps naming deleted targets: a password in the trash by name, a purged one by the name it was purged with or as deleted", async () => {
    const [trashed] = (await list({ action: "credential.deleted", customerId: w.contoso.id })).items.filter((e) => e.targetId === w.trashed.id);
    expect(trashed!.target).toMatchObject({ name: "=HYPERLINK(\"x\")", gone: true, place: null });
    const [purge] = (await list({ action: "credential.purged" })).items;
    expect(purge!.target).toMatchObject({ name: "Old VPN", gone: true, place: null });
    const revealOfPurged = (await list({ action: "credential.revealed" })).items.find((e) => e.targetId === w.purged.id);
    expect(revealOfPurged!.target).toMatchObject({ noun: "password", name: null, gone: true, place: null });
  });

  it("names customers, devices and members", async () => {
    const { items } = await list();
    const byTarget = (type: string, id: string) => items.find((e) => e.targetType === type && e.targetId === id)?.target;
    expect(byTarget("customer", w.north.id)).toMatchObject({ name: "Northwind", place: { page: "customer", id: w.north.id } });
    expect(byTarget("device", w.device.id)).toMatchObject({ name: "Core switch", customerName: "Northwind", place: { page: "device", id: w.device.id } });
    const signUp = items.find((e) => e.action === "auth.signed_up")!;
    expect(signUp.target).toMatchObject({ noun: "member", name: `Olivia Owner (${w.owner.email})`, place: { page: "team" } });
  });

  it("filters by customer: the customer's own events, its passwords' and devices', and events that recorded it", async () => {
    const { items } = await list({ customerId: w.north.id });
    const targets = new Set(items.map((e) => e.targetId));
    expect(targets).toEqual(new Set([w.north.id, w.device.id, w.admin.id, w.onDevice.id]));
    expect(items.map((e) => e.action)).toEqual(expect.arrayContaining(["customer.created", "device.created", "credential.revealed", "credential.copied"]));
    const contoso = await list({ customerId: w.contoso.id });
    expect(contoso.items.some((e) => e.targetId === w.admin.id)).toBe(false);
    // A purged password's creation still counts: the event recorded its customer.
    expect(contoso.items.filter((e) => e.targetId === w.purged.id).map((e) => e.action)).toEqual(["credential.created"]);
  });

  it("filters by member and action together, and by dates", async () => {
    const tech = await addMember(w.owner, "technician");
    await tech.caller.credentials.reveal({ tenant: w.owner.slug, id: w.admin.id, field: "password" });
    const mine = await list({ actorUserId: tech.session.userId, action: "credential.revealed" });
    expect(mine.items.map((e) => [e.actorLabel, e.targetId])).toEqual([[tech.email, w.admin.id]]);
    const future = await list({ from: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.items).toEqual([]);
  });

  it("never shows another tenant's events, nor names another tenant's records", async () => {
    const theirs = await other.caller.audit.list({ tenant: other.slug });
    expect(theirs.items.some((e) => e.targetId === w.admin.id || e.actorLabel === w.owner.email)).toBe(false);
    expect((await other.caller.audit.list({ tenant: other.slug, customerId: w.north.id })).items).toEqual([]);
    // An event in the other tenant pointing at this tenant's password id finds no name there.
    const otherId = await tenantIdOf(other);
    await withTenant(otherId, (tx) => recordAuditEvent(tx, otherId, { userId: null, label: "test" }, { action: "credential.revealed", target: { type: "credential", id: w.admin.id } }));
    const [probe] = (await other.caller.audit.list({ tenant: other.slug, action: "credential.revealed" })).items;
    expect(probe!.target).toMatchObject({ name: null, customerName: null, gone: true, place: null });
    expect(await failureOf(other.caller.audit.list({ tenant: w.owner.slug }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the audit log CSV export", () => {
  let w: Awaited<ReturnType<typeof workspace>>;

  beforeAll(async () => {
    w = await workspace();
  }, 120_000);

  it("exports the filtered log with names and actions in words, formula-safe, without secrets, and audits the export", async () => {
    const { response, text } = await exportCsv(w.owner, { tenant: w.owner.slug, customerId: w.contoso.id });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${w.owner.slug}-audit-log-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    expect(response.headers.get(AUDIT_EXPORT_TRUNCATED_HEADER)).toBe("false");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    const deleted = rows.find((r) => r[3] === "credential.deleted" && r[7] === w.trashed.id)!;
    expect(deleted.slice(2, 8)).toEqual(["Deleted password", "credential.deleted", "'=HYPERLINK(\"x\") (deleted)", "password", "Contoso", w.trashed.id]);
    // Only Contoso's events.
    expect(rows.every((r) => [w.contoso.id, w.trashed.id, w.purged.id].includes(r[7]!))).toBe(true);
    expect(text).not.toContain(SECRET);

    const [exported] = (await w.owner.caller.audit.list({ tenant: w.owner.slug, action: "audit.exported" })).items;
    expect(exported).toMatchObject({ actorLabel: w.owner.email, details: { events: rows.length, truncated: false, customerId: w.contoso.id } });
  });

  it("is allowed to an auditor and refused to a read-only member, with nothing audited for the refusal", async () => {
    const auditor = await addMember(w.owner, "auditor");
    const allowed = await exportCsv(auditor, { tenant: w.owner.slug, action: "credential.revealed" });
    expect(allowed.response.status).toBe(200);
    expect(csvRows(allowed.text).slice(1).map((r) => r.slice(2, 5))).toEqual([
      ["Revealed password", "credential.revealed", "deleted password"],
      ["Revealed password", "credential.revealed", "Domain admin"],
    ]);

    const readonly = await addMember(w.owner, "readonly");
    const before = (await w.owner.caller.audit.list({ tenant: w.owner.slug, action: "audit.exported" })).items.length;
    const refused = await exportCsv(readonly, { tenant: w.owner.slug });
    expect(refused.response.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect((await w.owner.caller.audit.list({ tenant: w.owner.slug, action: "audit.exported" })).items.length).toBe(before);
  });

  it("refuses strangers, other tenants' members and bad filters", async () => {
    expect((await exportCsv({ session: null }, { tenant: w.owner.slug })).response.status).toBe(401);
    const stranger = await newTenant();
    const foreign = await exportCsv(stranger, { tenant: w.owner.slug });
    expect(foreign.response.status).toBe(404);
    expect(foreign.text).not.toContain("Northwind");
    const bad = await exportCsv(w.owner, { tenant: w.owner.slug, from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" });
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { field: "to", message: "From must be earlier than To." } });
  });
});
