import { describe, expect, it } from "vitest";
import { BitwardenExportKey, EncStringFormatError, EncStringMacError, newBitwardenExportSalt } from "@/server/crypto/bitwarden-export";
import { writeBitwardenEncryptedJson } from "@/server/export/bitwarden";
import { looksLikeBitwardenProtected, openBitwardenProtected } from "@/server/import/containers/bitwarden-protected";
import { ContainerError } from "@/server/import/containers/container-error";
import { detectImportFormat, getImportFormat } from "@/server/import/formats";
import { readImportFile } from "@/server/import/read-import-file";
import { ARGON2ID_DEFAULT, passwordProtectedExport, type SpecKdf } from "../support/bitwarden-protected-file";
import { collectText, SAMPLE_ENTRIES } from "../support/export-entries";
import { bitwardenOrganisationJson } from "../support/import-files";

/*
 * Bitwarden's password-protected JSON export, imported: files built by hand from Bitwarden's published format (both
 * of its KDFs), and Vaultline's own export read back (the round trip). A wrong password names the password field.
 */

const PASSWORD = "Export-Pässword 7!";
const utf8 = (text: string) => new TextEncoder().encode(text);
const items = [
  { collection: "Contoso", name: "Contoso firewall", username: "admin", password: "Fw-Protected-1", url: "https://fw.contoso.test", totp: "JBSWY3DPEHPK3PXP" },
  { collection: "Fabrikam", name: "Fabrikam ERP", username: "erp", password: "Erp-Protected-2", url: "https://erp.fabrikam.test" },
];
const plainExport = new TextDecoder().decode(bitwardenOrganisationJson(items));

async function failure(read: Promise<unknown>): Promise<ContainerError> {
  const error = await read.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ContainerError);
  return error as ContainerError;
}

/** The rows the Bitwarden JSON format reads from the opened file (it must detect it as such first). */
function rowsOf(plain: Uint8Array) {
  expect(detectImportFormat("export.json", plain)[0]?.id).toBe("bitwarden-json");
  const result = readImportFile(getImportFormat("bitwarden-json")!, plain);
  expect(result.problems).toEqual([]);
  return result.rows.map(({ entry }) => entry);
}

describe("a password-protected Bitwarden export built from Bitwarden's published format", () => {
  it.each<[string, SpecKdf]>([
    ["PBKDF2-SHA256 (kdfType 0)", { kdfType: 0, kdfIterations: 5_000 }],
    ["Argon2id at Bitwarden's defaults (kdfType 1: 3 iterations, 64 MiB, 4 lanes)", ARGON2ID_DEFAULT],
    ["Argon2id at its minimum (2 iterations, 16 MiB, 1 lane)", { kdfType: 1, kdfIterations: 2, kdfMemory: 16, kdfParallelism: 1 }],
  ])("%s opens with its password into the plain export, every item and collection intact", async (_kdf, kdf) => {
    const file = utf8(await passwordProtectedExport(plainExport, PASSWORD, kdf));
    expect(looksLikeBitwardenProtected(file)).toBe(true);
    const plain = await openBitwardenProtected(file, PASSWORD);
    expect(new TextDecoder().decode(plain)).toBe(plainExport);
    const entries = rowsOf(plain);
    expect(entries.map((e) => [e.title, e.username, e.password, e.folder, e.totp])).toEqual([
      ["Contoso firewall", "admin", "Fw-Protected-1", "Contoso", "JBSWY3DPEHPK3PXP"],
      ["Fabrikam ERP", "erp", "Erp-Protected-2", "Fabrikam", null],
    ]);
  });

  it("a wrong password is refused on the password field (the validation value does not open), and no password is asked for", async () => {
    for (const kdf of [{ kdfType: 0, kdfIterations: 5_000 } as const, { kdfType: 1, kdfIterations: 2, kdfMemory: 16, kdfParallelism: 1 } as const]) {
      const file = utf8(await passwordProtectedExport(plainExport, PASSWORD, kdf));
      const wrong = await failure(openBitwardenProtected(file, "not the password"));
      expect(wrong).toMatchObject({ failure: "wrong_password", field: "password", message: "The file password of this Bitwarden export is wrong." });
      const missing = await failure(openBitwardenProtected(file, undefined));
      expect(missing).toMatchObject({ failure: "password_required", field: "password" });
      expect(`${wrong.message} ${missing.message}`).not.toContain(PASSWORD);
    }
  });

  it("an altered `data` is damaged, not a wrong password; a header outside Bitwarden's KDF bounds is refused before any work", async () => {
    const document = JSON.parse(await passwordProtectedExport(plainExport, PASSWORD, { kdfType: 0, kdfIterations: 5_000 })) as Record<string, unknown>;
    const [type, iv, ciphertext, mac] = (document.data as string).split(/[.|]/) as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, "base64");
    flipped[0]! ^= 1;
    const altered = { ...document, data: `${type}.${iv}|${flipped.toString("base64")}|${mac}` };
    expect(await failure(openBitwardenProtected(utf8(JSON.stringify(altered)), PASSWORD))).toMatchObject({ failure: "damaged", field: "file" });

    const costly: Record<string, unknown>[] = [
      { kdfType: 0, kdfIterations: 1_000_000_000 },
      { kdfType: 0, kdfIterations: 4_999 },
      { kdfType: 1, kdfIterations: 3, kdfMemory: 65_536, kdfParallelism: 4 },
      { kdfType: 1, kdfIterations: 1_000, kdfMemory: 64, kdfParallelism: 4 },
      { kdfType: 1, kdfIterations: 3, kdfMemory: 64 },
      { kdfType: 7, kdfIterations: 5_000 },
      { kdfType: 0, kdfIterations: "600000" },
    ];
    for (const kdf of costly) {
      const started = performance.now();
      const refused = await failure(openBitwardenProtected(utf8(JSON.stringify({ ...document, kdfMemory: undefined, kdfParallelism: undefined, ...kdf })), PASSWORD));
      expect(refused).toMatchObject({ failure: "unsupported", field: "file" });
      expect(refused.message).toContain("key-derivation settings");
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    const incomplete = { ...document, data: undefined };
    expect(await failure(openBitwardenProtected(utf8(JSON.stringify(incomplete)), PASSWORD))).toMatchObject({ failure: "damaged", field: "file" });
    expect(await failure(openBitwardenProtected(utf8('{"passwordProtected": true, "encrypted": tr'), PASSWORD))).toMatchObject({ failure: "damaged" });
  });

  it("is told apart from the plain and the account-restricted exports by its head", () => {
    expect(looksLikeBitwardenProtected(utf8(plainExport))).toBe(false);
    expect(looksLikeBitwardenProtected(utf8(JSON.stringify({ encrypted: true, encKeyValidation_DO_NOT_EDIT: "2.a|b|c", items: [] })))).toBe(false);
    // The words inside an item's note are escaped JSON text, not a key.
    const note = bitwardenOrganisationJson([{ ...items[0]!, notes: '"passwordProtected": true' }]);
    expect(looksLikeBitwardenProtected(note)).toBe(false);
    expect(looksLikeBitwardenProtected(utf8(`\uFEFF  {"encrypted": true, "passwordProtected": true}`))).toBe(true);
  });
});

describe("Vaultline's own password-protected Bitwarden export, imported back (the round trip)", () => {
  it("opens with the export password and reads every password, filed under its customer", async () => {
    const file = utf8(await collectText(writeBitwardenEncryptedJson(SAMPLE_ENTRIES, PASSWORD, "collections")));
    expect(looksLikeBitwardenProtected(file)).toBe(true);
    expect((await failure(openBitwardenProtected(file, "wrong"))).failure).toBe("wrong_password");
    const entries = rowsOf(await openBitwardenProtected(file, PASSWORD));
    expect(entries.map((e) => [e.title, e.username, e.password, e.folder, e.totp])).toEqual(
      SAMPLE_ENTRIES.map((s) => [s.title, s.username, s.password, s.customer, s.totp]),
    );
  });
});

describe("EncString decryption", () => {
  it("checks the MAC before decrypting, and refuses text that is not a type-2 EncString", async () => {
    const salt = newBitwardenExportSalt();
    const key = await BitwardenExportKey.derive(PASSWORD, salt, 5_000);
    const other = await BitwardenExportKey.derive("another", salt, 5_000);
    const sealed = key.encryptString("hello, Bitwarden");
    expect(key.decryptString(sealed)).toBe("hello, Bitwarden");
    expect(() => other.decryptBytes(sealed)).toThrow(EncStringMacError);
    for (const text of ["", "0.abc|def", sealed.replace(/^2\./, "1."), sealed.split("|").slice(0, 2).join("|"), `2.AAAA|${sealed.split("|")[1]}|${sealed.split("|")[2]}`]) {
      expect(() => key.decryptBytes(text)).toThrow(EncStringFormatError);
    }
  });
});
