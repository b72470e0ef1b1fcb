import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withGlobal, withTenant } from "@/db/client";
import { auditEvents, credentialVersions, jobEvents, jobRuns, jobSteps } from "@/db/schema";
import type { ImportOptions } from "@/lib/imports";
import { addMember, failureOf, newTenant } from "../support/actors";
import { bitwardenCsv, bitwardenOrganisationJson, importRunner, tenantFootprint, type SourceItem, importWorkspace } from "../support/imports";

/*
 * The import pipeline end to end through the real procedures and the real job: upload → preview → dry run → start →
 * staged → published, and what the workspace holds afterwards. Crash safety has its own file (imports-crash.test.ts).
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;

const NETWORK: SourceItem[] = [
  { collection: "Contoso", name: "Contoso firewall", username: "admin", password: "Fw-Contoso-2026!", url: "https://fw.contoso.test", notes: "Rack 2", totp: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" },
  { collection: "Contoso", name: "Contoso Wi-Fi", username: "", password: "WiFi-Contoso-77", url: "https://wifi.contoso.test" },
  { collection: "Fabrikam", name: "Fabrikam ERP", username: "erp-admin", password: "Erp-Fabrikam-9%", url: "erp.fabrikam.test/login" },
];
/** A card in the same export: its number and code must arrive sealed, never dropped. */
const CARD = {
  id: "cccccccc-0000-4000-8000-000000000001",
  organizationId: "org",
  collectionIds: [],
  type: 3,
  name: "Company Visa",
  notes: null,
  fields: [{ name: "Portal PIN", value: "4711-hidden", type: 1 }],
  card: { cardholderName: "Jane Doe", brand: "Visa", number: "4111111111111111", expMonth: "10", expYear: "2030", code: "737" },
};

async function upload(owner: Owner, fileName: string, bytes: Uint8Array) {
  return owner.caller.imports.upload({ tenant: owner.slug, fileName, bytes });
}

async function importAll(owner: Owner, tenantId: string, importId: string, options: ImportOptions) {
  await owner.caller.imports.start({ tenant: owner.slug, importId, options });
  await importRunner(tenantId).drain();
  return owner.caller.imports.get({ tenant: owner.slug, importId });
}

describe("imports", () => {
  const ws = importWorkspace();

  it("files a Bitwarden organisation's two collections under two new customers, and every secret reveals to its value", async () => {
    const { importId, format } = await upload(ws.owner, "org-export.json", bitwardenOrganisationJson(NETWORK, [CARD]));
    expect(format).toBe("bitwarden-json");
    const preview = await ws.owner.caller.imports.preview({ ...ws.tenant(), importId });
    expect(preview.folders.map((f) => [f.folder, f.rows, f.suggestion.type])).toEqual([
      ["Contoso", 2, "new"],
      ["Fabrikam", 1, "new"],
    ]);
    expect(preview.unfiled).toBe(1);
    // The first rows as they will be stored, secrets masked: no value of a secret field in the answer.
    expect(preview.rows[0]).toMatchObject({ customer: "Contoso (new)", name: "Contoso firewall", password: "set", notes: "set", totp: "set" });
    expect(JSON.stringify(preview)).not.toMatch(/Fw-Contoso|4111111111111111|4711-hidden|Rack 2/);

    const options = { ...preview.options!, customers: { ...(preview.options!.customers as Extract<ImportOptions["customers"], { mode: "byFolder" }>), unfiled: { type: "new" as const, name: "Cards" } } };
    const dryRun = await ws.owner.caller.imports.dryRun({ ...ws.tenant(), importId, options });
    expect(dryRun).toMatchObject({ rows: 4, toCreate: 4, toMerge: 0, errorCount: 0, canStart: true, newCustomers: ["Contoso", "Fabrikam", "Cards"] });
    expect(await tenantFootprint(ws.tenantId)).toMatchObject({ credentials: 0, customers: 0 });

    const done = await importAll(ws.owner, ws.tenantId, importId, options);
    expect(done).toMatchObject({ state: "completed", progress: 100, totalRows: 4, stagedRows: 4, error: null });
    expect(done.summary).toMatchObject({ created: 4, merged: 0, skippedBadRows: 0, skippedDuplicates: 0 });
    expect(done.summary!.customers.map((c) => [c.name, c.isNew, c.passwords])).toEqual([
      ["Contoso", true, 2],
      ["Fabrikam", true, 1],
      ["Cards", true, 1],
    ]);

    const customerList = (await ws.owner.caller.customers.list({ ...ws.tenant() })).items;
    expect(customerList.map((c) => c.name).sort()).toEqual(["Cards", "Contoso", "Fabrikam"]);
    for (const source of NETWORK) {
      const customer = customerList.find((c) => c.name === source.collection)!;
      const listed = (await ws.owner.caller.credentials.list({ ...ws.tenant(), target: { type: "customer", id: customer.id } })).items;
      const stored = listed.find((c) => c.name === source.name)!;
      expect(stored).toMatchObject({ username: source.username });
      const reveal = await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: stored.id, field: "password" });
      expect(reveal.value).toBe(source.password);
      const full = await ws.owner.caller.credentials.get({ ...ws.tenant(), id: stored.id });
      expect(full.loginUrl).toBe(source.url.startsWith("https://") ? source.url : `https://${source.url}`);
      if (source.notes) expect((await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: stored.id, field: "notes" })).value).toBe(source.notes);
      expect(full.hasTotp).toBe(Boolean(source.totp));
    }

    // The card: its number, code and hidden field sealed as secret fields, the rest as text.
    const cards = customerList.find((c) => c.name === "Cards")!;
    const [card] = (await ws.owner.caller.credentials.list({ ...ws.tenant(), target: { type: "customer", id: cards.id } })).items;
    const fields = (await ws.owner.caller.credentials.get({ ...ws.tenant(), id: card!.id })).customFields;
    const byLabel = Object.fromEntries(fields.map((f) => [f.label, f]));
    expect(byLabel["Item type"]).toMatchObject({ type: "text", value: "Card" });
    expect(byLabel["Card cardholderName"]).toMatchObject({ type: "text", value: "Jane Doe" });
    for (const [label, value] of [["Card number", "4111111111111111"], ["Card code", "737"], ["Portal PIN", "4711-hidden"]] as const) {
      expect(byLabel[label]).toMatchObject({ type: "secret" });
      expect((await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: card!.id, field: `custom:${byLabel[label]!.id}` })).value).toBe(value);
    }

    // History and audit: version 1 of each, one "imported" event per password and one for the import, with counts.
    const versions = await withTenant(ws.tenantId, (tx) => tx.select().from(credentialVersions).where(eq(credentialVersions.tenantId, ws.tenantId)));
    expect(versions.map((v) => v.version)).toEqual([1, 1, 1, 1]);
    const events = await withTenant(ws.tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, ws.tenantId)).orderBy(asc(auditEvents.id)));
    expect(events.filter((e) => e.action === "credential.imported")).toHaveLength(4);
    expect(events.filter((e) => e.action === "customer.created")).toHaveLength(3);
    const completed = events.filter((e) => e.action === "import.completed");
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ actorUserId: ws.owner.userId, details: { created: 4, merged: 0, customersCreated: 3 } });
    const everything = JSON.stringify([events, versions.map((v) => v.changedFields)]);
    expect(everything).not.toMatch(/Fw-Contoso|WiFi-Contoso|Erp-Fabrikam|4111111111111111|4711-hidden|Rack 2|JBSWY3DP/);
  });

  it("keeps secrets out of the job's payload, its step results and the import's plan and summary", async () => {
    const items = [{ collection: "Payload", name: "Payload box", username: "root", password: "Payload-Secret-31337", url: "https://payload.test", notes: "Payload-Notes-31337" }];
    const { importId } = await upload(ws.owner, "payload.csv", bitwardenCsv(items));
    const preview = await ws.owner.caller.imports.preview({ ...ws.tenant(), importId });
    const done = await importAll(ws.owner, ws.tenantId, importId, preview.options!);
    expect(done.state).toBe("completed");
    const jobs = await withGlobal(async (tx) => {
      const runs = (await tx.select().from(jobRuns)).filter((r) => r.data.importId === importId);
      const steps = runs.length ? await tx.select().from(jobSteps).where(eq(jobSteps.runId, runs[0]!.id)) : [];
      const events = (await tx.select().from(jobEvents)).filter((e) => e.data.importId === importId);
      return { runs, steps, events };
    });
    expect(jobs.runs.map((r) => Object.keys(r.data).sort())).toEqual([["importId", "tenantId"]]);
    expect(jobs.steps.map((s) => s.stepId).sort()).toEqual(["publish", "stage"]);
    const stored = JSON.stringify([jobs, await ws.owner.caller.imports.list(ws.tenant())]);
    expect(stored).not.toMatch(/Payload-Secret-31337|Payload-Notes-31337/);
  });

  it("reports every row error by row and field, writes nothing, and with 'skip bad rows' imports the rest and lists what it skipped", async () => {
    const before = await tenantFootprint(ws.tenantId);
    const items = [
      { collection: null, name: "Good one", username: "a", password: "Good-1-xyz", url: "https://good.test" },
      { collection: null, name: "x".repeat(201), username: "b", password: "Bad-title", url: "https://bad.test" },
      { collection: null, name: "Good two", username: "c", password: "Good-2-xyz", url: "https://good2.test" },
      { collection: null, name: "Long notes", username: "d", password: "Bad-notes", url: "https://bad2.test", notes: "n".repeat(20_001) },
    ];
    const { importId } = await upload(ws.owner, "broken.csv", bitwardenCsv(items));
    const options: ImportOptions = { format: "bitwarden-csv", parse: {}, customers: { mode: "one", customer: { type: "new", name: "Broken Ltd" } }, holders: null, duplicates: "skip", skipBadRows: false };
    const dryRun = await ws.owner.caller.imports.dryRun({ ...ws.tenant(), importId, options });
    expect(dryRun.errors).toEqual([
      { row: 2, field: "title", message: "is longer than 200 characters, the most a description holds" },
      { row: 4, field: "notes", message: "are longer than 20,000 characters" },
    ]);
    expect(dryRun).toMatchObject({ errorCount: 2, toCreate: 2, canStart: false });
    const refused = await failureOf(ws.owner.caller.imports.start({ ...ws.tenant(), importId, options }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: "2 rows have errors: fix the file, or choose to skip bad rows." });
    expect(await tenantFootprint(ws.tenantId)).toEqual(before);

    const done = await importAll(ws.owner, ws.tenantId, importId, { ...options, skipBadRows: true });
    expect(done.summary).toMatchObject({ created: 2, skippedBadRows: 2 });
    expect(done.summary!.skipped.map((s) => [s.row, s.field])).toEqual([
      [2, "title"],
      [4, "notes"],
    ]);
    expect((await tenantFootprint(ws.tenantId)).credentials).toBe(before.credentials + 2);
  });

  it("reports duplicates, skips them, or merges them into the stored password as a new version", async () => {
    const customer = await ws.owner.caller.customers.create({ ...ws.tenant(), name: "Northwind" });
    const stored = await ws.owner.caller.credentials.create({
      ...ws.tenant(),
      target: { type: "customer", id: customer.id },
      name: "Northwind router",
      username: "admin",
      password: "Old-Router-Pw-1",
      loginUrl: "https://router.northwind.test",
      tags: ["network"],
    });
    const items = [
      { collection: null, name: "northwind ROUTER", username: "admin", password: "New-Router-Pw-2", url: "https://router.northwind.test", notes: "Changed by the MSP" },
      { collection: null, name: "Northwind NAS", username: "admin", password: "Nas-Pw-1", url: "https://nas.northwind.test" },
      { collection: null, name: "Northwind NAS", username: "admin", password: "Nas-Pw-2", url: "https://nas.northwind.test" },
    ];
    const options: ImportOptions = { format: "bitwarden-csv", parse: {}, customers: { mode: "one", customer: { type: "existing", customerId: customer.id } }, holders: null, duplicates: "skip", skipBadRows: false };
    const first = await upload(ws.owner, "northwind.csv", bitwardenCsv(items));
    const skipRun = await ws.owner.caller.imports.dryRun({ ...ws.tenant(), importId: first.importId, options });
    expect(skipRun.duplicates).toEqual([
      { row: 1, of: { credentialId: stored.id, name: "Northwind router" }, action: "skip" },
      { row: 3, of: { row: 2 }, action: "skip" },
    ]);
    expect(skipRun).toMatchObject({ toCreate: 1, toMerge: 0 });

    const merged = await importAll(ws.owner, ws.tenantId, first.importId, { ...options, duplicates: "merge" });
    expect(merged.summary).toMatchObject({ created: 1, merged: 1 });
    const router = await ws.owner.caller.credentials.get({ ...ws.tenant(), id: stored.id });
    expect(router).toMatchObject({ version: 2, name: "Northwind router", tags: ["network"] });
    expect((await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: stored.id, field: "password" })).value).toBe("New-Router-Pw-2");
    expect((await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: stored.id, field: "notes" })).value).toBe("Changed by the MSP");
    const history = await ws.owner.caller.credentials.history({ ...ws.tenant(), id: stored.id });
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    const old = await ws.owner.caller.credentials.revealVersion({ ...ws.tenant(), id: stored.id, version: 1 });
    expect(old.value).toBe("Old-Router-Pw-1");
    // The later NAS row was folded into the first: one password, holding the later value.
    const nas = (await ws.owner.caller.credentials.list({ ...ws.tenant(), target: { type: "customer", id: customer.id } })).items.filter((c) => c.name === "Northwind NAS");
    expect(nas).toHaveLength(1);
    expect((await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: nas[0]!.id, field: "password" })).value).toBe("Nas-Pw-2");
  });

  it("reads a CSV no preset knows through the columns the user confirms, proposed from its header", async () => {
    const csv = "Site name;Login;Secret;Address;Company;Rack\r\nCore switch;admin;Switch-Generic-1;https://switch.generic.test;Generic Co;R1\r\n";
    const { importId, format } = await upload(ws.owner, "inventory.csv", new TextEncoder().encode(csv));
    expect(format).toBe("generic-csv");
    const proposed = await ws.owner.caller.imports.preview({ ...ws.tenant(), importId });
    expect(proposed.csvColumns).toMatchObject({
      header: ["Site name", "Login", "Secret", "Address", "Company", "Rack"],
      hasHeader: true,
      delimiter: ";",
      mapping: { password: "Secret", username: "Login", url: "Address", folder: "Company", title: "Site name" },
    });
    expect(proposed.folders.map((f) => f.folder)).toEqual(["Generic Co"]);
    expect(proposed.rows[0]).toMatchObject({ name: "Core switch", username: "admin", password: "set", customFields: [{ label: "Rack", secret: false, value: "R1" }] });

    const wrong = await ws.owner.caller.imports.preview({ ...ws.tenant(), importId, parse: { mapping: { password: "Passwort" } } });
    expect(wrong.problems).toEqual([{ row: null, field: "mapping", message: "The column “Passwort” chosen for password is not in the file's header row." }]);
    const notJson = await ws.owner.caller.imports.preview({ ...ws.tenant(), importId, format: "bitwarden-json" });
    expect(notJson).toMatchObject({ format: "bitwarden-json", rows: [], problemCount: 1, problems: [{ row: null, field: "file" }] });

    const done = await importAll(ws.owner, ws.tenantId, importId, proposed.options!);
    expect(done.summary).toMatchObject({ created: 1 });
    const customer = (await ws.owner.caller.customers.list({ ...ws.tenant(), search: "Generic Co" })).items[0]!;
    const [stored] = (await ws.owner.caller.credentials.list({ ...ws.tenant(), target: { type: "customer", id: customer.id } })).items;
    expect((await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: stored!.id, field: "password" })).value).toBe("Switch-Generic-1");
  });

  it("files rows under the device a column names (an existing one by name, else a new one), with tags and expiry", async () => {
    const customer = await ws.owner.caller.customers.create({ ...ws.tenant(), name: "Tailspin" });
    const printer = await ws.owner.caller.devices.create({ ...ws.tenant(), customerId: customer.id, name: "PRN-01", type: "printer" });
    const csv = [
      "Name,User,Password,URL,Device,Expires,Tags",
      "Printer admin,admin,Prn-Secret-1,https://prn.tailspin.test,prn-01,2031-05-06,office;printing",
      "NAS admin,root,Nas-Secret-2,https://nas.tailspin.test,NAS-02,,",
      "Loose login,guest,Loose-Secret-3,https://loose.tailspin.test,,,",
    ].join("\n");
    const { importId } = await upload(ws.owner, "devices.csv", new TextEncoder().encode(csv));
    // Seven columns also fit Keeper's headerless CSV, which detection ranks first: the user picks the format.
    const preview = await ws.owner.caller.imports.preview({ ...ws.tenant(), importId, format: "generic-csv" });
    expect(preview.columns).toEqual(expect.arrayContaining(["Device", "Expires", "Tags"]));
    const options: ImportOptions = {
      ...preview.options!,
      customers: { mode: "one", customer: { type: "existing", customerId: customer.id } },
      holders: { column: "Device", kind: "device" },
    };
    const dryRun = await ws.owner.caller.imports.dryRun({ ...ws.tenant(), importId, options });
    expect(dryRun).toMatchObject({ toCreate: 3, newDevices: 1, newContacts: 0 });
    expect(dryRun.preview.map((r) => [r.name, r.holder])).toEqual([
      ["Printer admin", "PRN-01"],
      ["NAS admin", "NAS-02 (new)"],
      ["Loose login", null],
    ]);
    const done = await importAll(ws.owner, ws.tenantId, importId, options);
    expect(done.summary).toMatchObject({ created: 3, devicesCreated: 1 });
    const devices = (await ws.owner.caller.devices.list({ ...ws.tenant(), customerId: customer.id })).items;
    expect(devices.map((d) => d.name).sort()).toEqual(["NAS-02", "PRN-01"]);
    const onPrinter = (await ws.owner.caller.credentials.list({ ...ws.tenant(), target: { type: "device", id: printer.id } })).items;
    expect(onPrinter.map((c) => c.name)).toEqual(["Printer admin"]);
    const stored = await ws.owner.caller.credentials.get({ ...ws.tenant(), id: onPrinter[0]!.id });
    expect(stored).toMatchObject({ tags: ["office", "printing"] });
    expect(stored.expiresAt?.toISOString()).toBe("2031-05-06T00:00:00.000Z");
  });

  it("lets owners and admins import, not technicians; another workspace's import does not exist", async () => {
    const technician = await addMember(ws.owner, "technician");
    const admin = await addMember(ws.owner, "admin");
    const file = bitwardenCsv([{ collection: null, name: "R", username: "u", password: "p-1", url: "https://r.test" }]);
    expect(await failureOf(technician.caller.imports.upload({ ...ws.tenant(), fileName: "a.csv", bytes: file }))).toMatchObject({ code: "FORBIDDEN" });
    const { importId } = await admin.caller.imports.upload({ ...ws.tenant(), fileName: "a.csv", bytes: file });
    expect(await failureOf(technician.caller.imports.get({ ...ws.tenant(), importId }))).toMatchObject({ code: "FORBIDDEN" });
    const other = await newTenant();
    expect(await failureOf(other.caller.imports.get({ tenant: other.slug, importId }))).toMatchObject({ code: "NOT_FOUND", message: "Import was not found." });
  });
});
