import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, importUploads, imports } from "@/db/schema";
import { handleImportUpload } from "@/server/api/import-upload";
import { afterResponse, newTenant, testMeta } from "../support/actors";
import { ARGON2ID_DEFAULT, passwordProtectedExport } from "../support/bitwarden-protected-file";
import { bitwardenOrganisationJson, importRunner, tenantIdOf } from "../support/imports";

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
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let tenantId: string;
  const send = async (fields: Record<string, string | File>) => handleImportUpload(await multipart(fields), owner.slug, { token: owner.token }, testMeta(), afterResponse);
  const refusal = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { message: string; field: string | null } }).error });
  const written = () =>
    withTenant(tenantId, async (tx) => ({
      imports: (await tx.select({ id: imports.id }).from(imports)).length,
      uploads: (await tx.select({ id: importUploads.id }).from(importUploads)).length,
      audited: (await tx.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.tenantId, tenantId))).filter((e) => e.action.startsWith("import.")).length,
    }));

  beforeAll(async () => {
    owner = await newTenant();
    tenantId = await tenantIdOf(owner.slug);
  }, 60_000);

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
    expect(await owner.caller.imports.get({ tenant: owner.slug, importId })).toMatchObject({ container: "bitwarden", state: "uploaded" });
    const preview = await owner.caller.imports.preview({ tenant: owner.slug, importId });
    expect(preview.folders.map((f) => f.folder).sort()).toEqual(["Litware", "Northwind"]);
    await owner.caller.imports.start({ tenant: owner.slug, importId, options: preview.options! });
    await importRunner(tenantId).drain();
    expect((await owner.caller.imports.get({ tenant: owner.slug, importId })).state).toBe("completed");

    const customer = (await owner.caller.customers.list({ tenant: owner.slug, search: "Northwind" })).items[0]!;
    const [router] = (await owner.caller.credentials.list({ tenant: owner.slug, target: { type: "customer", id: customer.id } })).items;
    expect((await owner.caller.credentials.reveal({ tenant: owner.slug, id: router!.id, field: "password" })).value).toBe("Router-From-Protected-1");
    const stored = JSON.stringify(
      await withTenant(tenantId, async (tx) => [await tx.select().from(imports), await tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId))]),
    );
    expect(stored).not.toContain(FILE_PASSWORD);
    expect(stored).not.toContain("Router-From-Protected-1");
  });
});
