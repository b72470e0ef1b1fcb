import { describe, expect, it } from "vitest";
import { writeBitwardenEncryptedJson, writeBitwardenJson, type BitwardenGrouping } from "@/server/export/bitwarden";
import type { ExportEntry } from "@/server/export/entry";
import { detectImportFormat, getImportFormat } from "@/server/import/formats";
import { readImportFile } from "@/server/import/read-import-file";
import { openPasswordProtectedExport } from "../support/bitwarden-decrypt";
import { collectText, SAMPLE_ENTRIES } from "../support/export-entries";

/*
 * The Bitwarden export read back by Vaultline's own Bitwarden JSON importer (server/import), which was written from
 * Bitwarden's format and checked against real Bitwarden exports: what one Vaultline exports, another can import.
 */

const oneOrMany = (values: string[]) => (values.length === 0 ? null : values.length === 1 ? values[0] : values);

/** What the importer should read for an entry: the customer as the folder, Bitwarden's fields as [name, value, type]. */
function expectedImport(entry: ExportEntry) {
  const filed = entry.contact !== null ? [["Contact", entry.contact, 0]] : entry.device !== null ? [["Device", entry.device, 0]] : [];
  const fields = [
    ...filed,
    ...entry.customFields.map((field) => [field.name, field.value, field.secret ? 1 : 0]),
    ...(entry.tags.length > 0 ? [["Tags", entry.tags.join(", "), 0]] : []),
  ];
  return {
    title: entry.title,
    username: entry.username,
    password: entry.password,
    url: oneOrMany(entry.urls),
    notes: entry.notes || null, // the importer reads an empty value as none
    folder: entry.customer,
    totp: entry.totp,
    extra: fields.length > 0 ? { type: 1, fields } : { type: 1 },
  };
}

function importBitwarden(text: string, { detect = true } = {}) {
  const bytes = new TextEncoder().encode(text);
  if (detect) expect(detectImportFormat("vaultline-export.json", bytes)[0]?.id).toBe("bitwarden-json");
  return readImportFile(getImportFormat("bitwarden-json")!, bytes);
}

describe("Vaultline's Bitwarden importer reads the Bitwarden export", () => {
  it.each<BitwardenGrouping>(["folders", "collections"])("plain, customers as %s", async (grouping) => {
    const result = importBitwarden(await collectText(writeBitwardenJson(SAMPLE_ENTRIES, grouping)));
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.entry)).toEqual(SAMPLE_ENTRIES.map(expectedImport));
    expect(result.folders).toEqual(["Acme Dental", "Bäckerei Müller GmbH", "Contoso, Ltd."]);
  });

  it("password-protected: refused as such, and once opened with the password it reads the same", async () => {
    const password = "an export password";
    const text = await collectText(writeBitwardenEncryptedJson(SAMPLE_ENTRIES, password, "collections"));
    // Chosen by hand (detection looks for `items`, which a password-protected file keeps inside `data`).
    expect(() => importBitwarden(text, { detect: false })).toThrow("This Bitwarden export is encrypted.");
    const result = importBitwarden(openPasswordProtectedExport(text, password));
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.entry)).toEqual(SAMPLE_ENTRIES.map(expectedImport));
  });
});
