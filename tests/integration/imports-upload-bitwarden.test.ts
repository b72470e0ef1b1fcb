import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, importUploads, imports } from "@/db/schema";
import { handleImportUpload } from "@/server/api/import-upload";
import { afterResponse, testMeta } from "../support/actors";
import { ARGON2ID_DEFAULT, passwordProtectedExport } from "../support/bitwarden-protected-file";
import { bitwardenOrganisationJson, importRunner, importWorkspace } from "../support/imports";

/*
 * A password-protected Bitwarden export through the upload route, as the browser sends it: the file password travels
 * in that one request; a missing or wrong one is refused on the password field with nothing written; the right one
 * stores the plain export inside (sealed like every upload) and the import goes on as for a plain Bitwarden JSON.
 */

const FILE_PASSWORD = "Bitwarden-File-Pass-6620";
const items = [
  { collection: "Northwind", name: "Northwind router", username: "admin", password: "Router-From-Protected-1", url: "https://router.northwind.test" },
  { collection: "Litware", name: "Litware NAS", username: "nas", password: "Nas-From-Protected-2", url: "https://nas.litware.test" },
];

async function multipart(fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  return new Request("http://localhost/api/imports/x", {
    method: "POST",
    body,
    headers: { "content-type": encoded.headers.get("content-type")!, "content-length": String(body.byteLength) },
  });
}

describe("uploading a password-protected Bitwarden export", () => {
  const ws = importWorkspace();
  const send = async (fields: Record<string, string | File>) => handleImportUpload(await multipart(fields), ws.owner.slug, { token: ws.owner.token }, testMeta(), afterResponse);
  const refusal = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { message: string; field: string | null } }).error });
  const written = () =>
    withTenant(ws.tenantId, async (tx) => ({
      imports: (await tx.select({ id: imports.id }).from(imports)).length,
      uploads: (await tx.select({ id: importUploads.id }).from(importUploads)).length,
      audited: (await tx.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.tenantId, ws.tenantId))).filter((e) => e.action.startsWith("import.")).length,
    }));

  it("asks for the file password, refuses a wrong one on the password field with nothing written, and imports with the right one", async () => {
    const plain = new TextDecoder().decode(bitwardenOrganisationJson(items));
    const file = new File([await passwordProtectedExport(plain, FILE_PASSWORD, ARGON2ID_DEFAULT)], "bitwarden_encrypted_export.json", { type: "application/json" });
    const before = await written();

    expect(await refusal(await send({ file }))).toMatchObject({
      status: 400,
      field: "password",
      message: "This Bitwarden export is password-protected: enter the file password it was exported with.",
    });
    expect(await refusal(await send({ file, password: "not-the-file-password" }))).toMatchObject({
      status: 400,
      field: "password",
      message: "The file password of this Bitwarden export is wrong.",
    });
    expect(await written()).toEqual(before);

    const response = await send({ file, password: FILE_PASSWORD });
    expect(response.status).toBe(200);
    const { importId, format } = (await response.json()) as { importId: string; format: string };
    expect(format).toBe("bitwarden-json");
    expect(await ws.owner.caller.imports.get({ tenant: ws.owner.slug, importId })).toMatchObject({ container: "bitwarden", state: "uploaded" });
    const preview = await ws.owner.caller.imports.preview({ tenant: ws.owner.slug, importId });
    expect(preview.folders.map((f) => f.folder).sort()).toEqual(["Litware", "Northwind"]);
    await ws.owner.caller.imports.start({ tenant: ws.owner.slug, importId, options: preview.options! });
    await importRunner(ws.tenantId).drain();
    expect((await ws.owner.caller.imports.get({ tenant: ws.owner.slug, importId })).state).toBe("completed");

    const customer = (await ws.owner.caller.customers.list({ tenant: ws.owner.slug, search: "Northwind" })).items[0]!;
    const [router] = (await ws.owner.caller.credentials.list({ tenant: ws.owner.slug, target: { type: "customer", id: customer.id } })).items;
    expect((await ws.owner.caller.credentials.reveal({ tenant: ws.owner.slug, id: router!.id, field: "password" })).value).toBe("Router-From-Protected-1");
    const stored = JSON.stringify(
      await withTenant(ws.tenantId, async (tx) => [await tx.select().from(imports), await tx.select().from(auditEvents).where(eq(auditEvents.tenantId, ws.tenantId))]),
    );
    expect(stored).not.toContain(FILE_PASSWORD);
    expect(stored).not.toContain("Router-From-Protected-1");
  });
});
