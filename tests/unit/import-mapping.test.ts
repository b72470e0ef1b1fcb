import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ImportedEntry } from "@/server/import/entry";
import { detectImportFormat, getImportFormat } from "@/server/import/formats";
import { BOOKKEEPING, readExtra } from "@/server/import/pipeline/extra-fields";
import { mapEntry, type MapContext, type MappedRow } from "@/server/import/pipeline/map-entry";
import { readImportFile } from "@/server/import/read-import-file";
import { unavailable } from "../support/requirements";

/*
 * The mapping of one entry to what Vaultline stores: every value of every fixture lands somewhere (never dropped
 * silently), secrets the source marks (or that look like secrets) are sealed fields, and values that break a limit
 * are row errors naming the field.
 */

const DIR = path.resolve(__dirname, "../../../shared/fixtures/imports");
const noFixtures = unavailable("the import fixtures", existsSync(DIR) ? null : `${DIR} not found`);
const plain: MapContext = { folderSegments: (folder) => folder.split("/").filter(Boolean), holderColumn: null };
const entry = (fields: Partial<ImportedEntry>): ImportedEntry => ({ title: null, username: null, password: null, url: null, notes: null, folder: null, totp: null, ...fields });
const squash = (text: string) => text.toLowerCase().replace(/\s+/g, "");

/** Every text value an entry holds (its extra searched all the way down, the source's bookkeeping left out). */
function valuesOf(value: unknown, key = ""): string[] {
  // The item type is named as a field only when it is not a login.
  if (BOOKKEEPING.test(key) || key === "protected_strings" || key === "type") return [];
  // Bitwarden's [name, value, type] triples: the type decides sealed or not, it is not a value.
  if (key === "fields" && Array.isArray(value)) return value.flatMap((field) => valuesOf(Array.isArray(field) ? field.slice(0, 2) : field));
  if (typeof value === "string") return value.trim() ? [value] : [];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => valuesOf(v, k));
  return [];
}

/** Everything the mapped row will store, as text: custom fields as "label: value". */
function storedText(mapped: MappedRow): string {
  const { name, username, password, notes, loginUrl, totpSeed, tags, folders, customFields } = mapped;
  return squash([name, username, password, notes, loginUrl, totpSeed ?? "", ...tags, ...folders.flat(), ...customFields.map((f) => `${f.label}: ${f.value}`)].join("\n"));
}

/** Whether a source value is in the stored text: line by line, as written or as JSON writes it inside a sealed structure. */
function isKept(stored: string, value: string): boolean {
  return value
    .split(/\r?\n/)
    .map((line) => squash(line).replace(/^https?:\/\//, ""))
    .filter(Boolean)
    .every((line) => stored.includes(line) || stored.includes(squash(JSON.stringify(line).slice(1, -1))));
}

describe.skipIf(noFixtures)("every fixture's every value reaches the mapped row", () => {
  const fixtures = noFixtures ? [] : readdirSync(DIR).filter((name) => !name.endsWith(".md") && name !== "expected");
  it.each(fixtures)("%s", (name) => {
    const bytes = new Uint8Array(readFileSync(path.join(DIR, name)));
    const format = getImportFormat(detectImportFormat(name, bytes)[0]?.id ?? "");
    expect(format, `${name}: no format detected`).toBeDefined();
    let parsed;
    try {
      parsed = readImportFile(format!, bytes);
    } catch {
      return expect(name).toMatch(/keepass2_bwclients_missing/);
    }
    const context = { ...plain, folderSegments: (folder: string) => format!.folderSegments(folder) };
    for (const row of parsed.rows) {
      if (row.entry.skip) continue;
      const { mapped, errors } = mapEntry(row, context);
      expect(errors, `${name} row ${row.row}`).toEqual([]);
      const stored = storedText(mapped!);
      const { extra, folder, totp, title, username, password, url, notes } = row.entry;
      const folders = (Array.isArray(folder) ? folder : folder ? [folder] : []).flatMap((f) => format!.folderSegments(f));
      const values = [...valuesOf({ title, username, password, url, notes }), ...folders, ...(totp && !mapped!.totpSeed ? [totp] : []), ...valuesOf(extra)];
      for (const value of values) expect(isKept(stored, value), `${name} row ${row.row}: "${value.slice(0, 40)}" was dropped`).toBe(true);
    }
  });
});

describe("extra data becomes custom fields, tags and an expiry", () => {
  it("seals Bitwarden's hidden fields and a card's number and code, and names the item type", () => {
    const { fields } = readExtra({
      type: 3,
      fields: [
        ["Text Field", "text-field-value", 0],
        ["Hidden Field", "hidden-field-value", 1],
        ["Linked", null, 3],
      ],
      card: { cardholderName: "Jane Doe", number: "4111111111111111", code: "123" },
    });
    expect(fields).toEqual([
      { label: "Item type", value: "Card", secret: false },
      { label: "Text Field", value: "text-field-value", secret: false },
      { label: "Hidden Field", value: "hidden-field-value", secret: true },
      { label: "Card cardholderName", value: "Jane Doe", secret: false },
      { label: "Card number", value: "4111111111111111", secret: true },
      { label: "Card code", value: "123", secret: true },
    ]);
  });

  it("seals KeePass's protected strings, keeps its tags and expiry, and names attachments it does not import", () => {
    const content = readExtra({
      custom_strings: { "Recovery key": "rk-1", Building: "B2" },
      protected_strings: ["Recovery key"],
      tags: ["network", "vpn"],
      expires: "2030-01-02T03:04:05.000Z",
      attachments: ["config.bin"],
      history_entries: 3,
    });
    expect(content.fields).toEqual([
      { label: "Recovery key", value: "rk-1", secret: true },
      { label: "Building", value: "B2", secret: false },
      { label: "Attachments (not imported)", value: "config.bin", secret: false },
    ]);
    expect(content.tags).toEqual(["network", "vpn"]);
    expect(content.expiresAt?.toISOString()).toBe("2030-01-02T03:04:05.000Z");
  });

  it("seals what it cannot recognise, and what is named like a secret", () => {
    const { fields } = readExtra({ rf_fields: ["Password$:pwd:hunter2"], "Admin PIN": "0000", Building: "B2" });
    expect(fields).toEqual([
      { label: "rf_fields", value: '["Password$:pwd:hunter2"]', secret: true },
      { label: "Admin PIN", value: "0000", secret: true },
      { label: "Building", value: "B2", secret: false },
    ]);
  });
});

describe("one entry mapped", () => {
  it("keeps the first web address as the login URL, the others as fields, and adds https:// to a bare host", () => {
    const { mapped, warnings } = mapEntry({ row: 3, entry: entry({ title: "NAS", url: ["nas.example.test/login", "androidapp://com.nas", "https://backup.test"] }) }, plain);
    expect(mapped).toMatchObject({ loginUrl: "https://nas.example.test/login", customFields: [{ label: "URL 2", value: "androidapp://com.nas", secret: false }, { label: "URL 3", value: "https://backup.test", secret: false }] });
    expect(warnings).toContainEqual({ row: 3, field: "password", message: "is empty; stored as an empty password" });
  });

  it("keeps a TOTP Vaultline cannot generate codes for as a sealed field, with a warning", () => {
    const { mapped, warnings } = mapEntry({ row: 1, entry: entry({ title: "Steam", password: "x", totp: "steam://ABCDEF" }) }, plain);
    expect(mapped).toMatchObject({ totpSeed: null, customFields: [{ label: "TOTP", value: "steam://ABCDEF", secret: true }] });
    expect(warnings.map((w) => w.field)).toEqual(["totp"]);
    expect(mapEntry({ row: 1, entry: entry({ title: "Mail", password: "x", totp: "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP" }) }, plain).mapped?.totpSeed).toBe("JBSWY3DPEHPK3PXP");
  });

  it("names an untitled entry after its site, its username, or its row", () => {
    expect(mapEntry({ row: 1, entry: entry({ url: "https://mail.example.test/x" }) }, plain).mapped?.name).toBe("mail.example.test");
    expect(mapEntry({ row: 2, entry: entry({ username: "root" }) }, plain).mapped?.name).toBe("root");
    expect(mapEntry({ row: 7, entry: entry({}) }, plain).mapped?.name).toBe("Imported item (row 7)");
  });

  it("refuses values over the limits a form enforces, naming row and field, and maps nothing of that row", () => {
    const { mapped, errors } = mapEntry({ row: 9, entry: entry({ title: "t".repeat(201), username: "u".repeat(257), password: "p".repeat(10_001), notes: "n".repeat(20_001) }) }, plain);
    expect(mapped).toBeNull();
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [9, "title"],
      [9, "username"],
      [9, "password"],
      [9, "notes"],
    ]);
  });

  it("reads the contact or device from the chosen column", () => {
    const row = { row: 1, entry: entry({ title: "Printer", password: "x", extra: { Device: "  PRN-01 " } }) };
    expect(mapEntry(row, { ...plain, holderColumn: "Device" }).mapped?.holderName).toBe("PRN-01");
  });
});
