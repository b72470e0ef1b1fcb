import { TextReader, Uint8ArrayWriter, ZipWriter } from "@zip.js/zip.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, imports } from "@/db/schema";
import { handleImportUpload } from "@/server/api/import-upload";
import { kdbxweb } from "@/server/crypto/kdbx";
import { IMPORT_MAX_BYTES } from "@/server/import/limits";
import { afterResponse, testMeta } from "../support/actors";
import { bitwardenCsv, importRunner, importWorkspace } from "../support/imports";
import { unavailable } from "../support/requirements";

/*
 * The upload route (server/api/import-upload.ts) as the browser calls it: multipart form data with the session
 * cookie's token. ZIP and KeePass files open with a password sent in that one request, which is stored nowhere.
 */

const ZIP_PASSWORD = "Zip-Pass-For-Upload-8841";
const fixture = path.resolve(__dirname, "../../../shared/fixtures/imports/1password_login.1pux.json");
const noFixture = unavailable("the import fixtures", existsSync(fixture) ? null : `${fixture} not found`);
const KDBX_PASSWORD = "Kdbx-Master-For-Upload-5512";

/** A POST as a browser sends a FormData body: multipart, with its length. */
async function multipart(fields: Record<string, string | File>, method = "POST") {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  return new Request("http://localhost/api/imports/x", {
    method,
    body: method === "GET" ? undefined : body,
    headers: { "content-type": encoded.headers.get("content-type")!, "content-length": String(body.byteLength) },
  });
}

async function passwordZip(name: string, content: string): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { password: ZIP_PASSWORD, encryptionStrength: 3, useWebWorkers: false });
  await writer.add(name, new TextReader(content));
  return writer.close();
}

async function keepassDatabase(): Promise<Uint8Array> {
  const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(KDBX_PASSWORD)), "Office");
  const group = db.createGroup(db.getDefaultGroup(), "Contoso");
  const entry = db.createEntry(group);
  entry.fields.set("Title", "Contoso VPN");
  entry.fields.set("UserName", "vpn-admin");
  entry.fields.set("Password", kdbxweb.ProtectedValue.fromString("Vpn-From-Kdbx-77"));
  entry.fields.set("Recovery key", kdbxweb.ProtectedValue.fromString("Recovery-From-Kdbx-99"));
  return new Uint8Array(await db.save());
}

describe("the import upload route", () => {
  const ws = importWorkspace();
  const send = (request: Request, session: { token: string } | null = { token: ws.owner.token }) => handleImportUpload(request, ws.owner.slug, session, testMeta(), afterResponse);
  const refusal = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { message: string; field: string | null } }).error });

  it("refuses what is not an upload: no session, another method, no length, too large, not multipart, no file", async () => {
    const csv = new File([bitwardenCsv([{ collection: null, name: "a", username: "b", password: "c", url: "https://d.test" }]) as Uint8Array<ArrayBuffer>], "a.csv");
    expect((await refusal(await send(await multipart({ file: csv }), null))).status).toBe(401);
    expect((await refusal(await send(await multipart({}, "GET")))).status).toBe(405);
    const unsized = new Request("http://localhost/api/imports/x", { method: "POST", body: "x", headers: { "content-type": "multipart/form-data; boundary=x" } });
    expect(await refusal(await send(unsized))).toMatchObject({ status: 411 });
    const huge = new Request("http://localhost/api/imports/x", { method: "POST", body: "x", headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(IMPORT_MAX_BYTES + 2 * 1024 * 1024) } });
    expect(await refusal(await send(huge))).toMatchObject({ status: 413, field: "file", message: "The file is larger than 100 MB, the most one import takes: split it." });
    const json = new Request("http://localhost/api/imports/x", { method: "POST", body: "{}", headers: { "content-type": "application/json", "content-length": "2" } });
    expect(await refusal(await send(json))).toMatchObject({ status: 415 });
    expect(await refusal(await send(await multipart({ password: "x" })))).toMatchObject({ status: 400, field: "file", message: "Choose a file to upload." });
    const empty = new File([], "empty.csv");
    expect(await refusal(await send(await multipart({ file: empty })))).toMatchObject({ status: 400, field: "file", message: "The file is empty: there is nothing to import." });
  });

  it("opens a password-protected ZIP with the password of that request only, and reads the CSV inside", async () => {
    const csv = new TextDecoder().decode(bitwardenCsv([{ collection: "Zipped", name: "Zipped router", username: "admin", password: "Zip-Inner-Pw-1", url: "https://zip.test" }]));
    const zip = new File([(await passwordZip("export/resources.csv", csv)) as Uint8Array<ArrayBuffer>], "pmp-export.zip");
    expect(await refusal(await send(await multipart({ file: zip })))).toMatchObject({ status: 400, field: "password", message: "The ZIP is password-protected: enter its password." });
    expect(await refusal(await send(await multipart({ file: zip, password: "wrong-password" })))).toMatchObject({ status: 400, field: "password" });
    const response = await send(await multipart({ file: zip, password: ZIP_PASSWORD }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { importId, format } = (await response.json()) as { importId: string; format: string };
    expect(format).toBe("bitwarden-csv");
    const status = await ws.owner.caller.imports.get({ tenant: ws.owner.slug, importId });
    expect(status).toMatchObject({ fileName: "pmp-export.zip", container: "zip", innerFileName: "export/resources.csv", state: "uploaded" });
    const preview = await ws.owner.caller.imports.preview({ tenant: ws.owner.slug, importId });
    expect(preview.rows.map((r) => [r.name, r.customer])).toEqual([["Zipped router", "Zipped (new)"]]);
    const stored = JSON.stringify(await withTenant(ws.tenantId, async (tx) => [await tx.select().from(imports), await tx.select().from(auditEvents).where(eq(auditEvents.tenantId, ws.tenantId))]));
    expect(stored).not.toContain(ZIP_PASSWORD);
    expect(stored).not.toContain("Zip-Inner-Pw-1");
  });

  it.skipIf(noFixture)("opens a 1Password .1pux archive (a ZIP without a password) at its export.data", async () => {
    const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
    await writer.add("export.attributes", new TextReader("{}"));
    await writer.add("export.data", new TextReader(readFileSync(fixture, "utf8")));
    const archive = new File([(await writer.close()) as Uint8Array<ArrayBuffer>], "1PasswordExport.1pux");
    const response = await send(await multipart({ file: archive }));
    expect(response.status).toBe(200);
    const { importId, format } = (await response.json()) as { importId: string; format: string };
    expect(format).toBe("1password-1pux");
    expect(await ws.owner.caller.imports.get({ tenant: ws.owner.slug, importId })).toMatchObject({ container: "zip", innerFileName: "export.data" });
    expect((await ws.owner.caller.imports.preview({ tenant: ws.owner.slug, importId })).items).toBeGreaterThan(0);
  });

  it("opens a KeePass database with its master password, imports its groups as customers and its protected strings sealed", async () => {
    const kdbx = new File([(await keepassDatabase()) as Uint8Array<ArrayBuffer>], "office.kdbx");
    expect(await refusal(await send(await multipart({ file: kdbx })))).toMatchObject({ status: 400, field: "password" });
    expect(await refusal(await send(await multipart({ file: kdbx, password: "not-the-master-password" })))).toMatchObject({ status: 400, field: "password" });
    const response = await send(await multipart({ file: kdbx, password: KDBX_PASSWORD }));
    expect(response.status).toBe(200);
    const { importId, format } = (await response.json()) as { importId: string; format: string };
    expect(format).toBe("kdbx");
    const preview = await ws.owner.caller.imports.preview({ tenant: ws.owner.slug, importId });
    expect(preview.folders.map((f) => f.folder)).toEqual(["Contoso"]);
    await ws.owner.caller.imports.start({ tenant: ws.owner.slug, importId, options: preview.options! });
    await importRunner(ws.tenantId).drain();
    expect((await ws.owner.caller.imports.get({ tenant: ws.owner.slug, importId })).state).toBe("completed");
    const customer = (await ws.owner.caller.customers.list({ tenant: ws.owner.slug, search: "Contoso" })).items[0]!;
    const [vpn] = (await ws.owner.caller.credentials.list({ tenant: ws.owner.slug, target: { type: "customer", id: customer.id } })).items;
    expect((await ws.owner.caller.credentials.reveal({ tenant: ws.owner.slug, id: vpn!.id, field: "password" })).value).toBe("Vpn-From-Kdbx-77");
    const recovery = (await ws.owner.caller.credentials.get({ tenant: ws.owner.slug, id: vpn!.id })).customFields.find((f) => f.label === "Recovery key")!;
    expect(recovery.type).toBe("secret");
    expect((await ws.owner.caller.credentials.reveal({ tenant: ws.owner.slug, id: vpn!.id, field: `custom:${recovery.id}` })).value).toBe("Recovery-From-Kdbx-99");
    const stored = JSON.stringify(await withTenant(ws.tenantId, (tx) => tx.select().from(imports)));
    expect(stored).not.toContain(KDBX_PASSWORD);
  });
});
