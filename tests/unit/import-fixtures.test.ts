import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ImportedEntry } from "@/server/import/entry";
import { detectImportFormat, getImportFormat, type ImportFormat } from "@/server/import/formats";
import { ImportFileError } from "@/server/import/import-file-error";
import { readImportFile } from "@/server/import/read-import-file";
import { unavailable } from "../support/requirements";

/*
 * Every export file in ../shared/fixtures/imports, detected and parsed, against its expected parse
 * (expected/<file>.expected.json, described in SOURCES.md there).
 *
 * How an expected entry is compared with the parsed one:
 * - title, username, password, url, notes, folder, totp: exact equality, raw values (nothing trimmed, CRLF kept).
 * - skip: exact; an absent `skip` means the entry is imported (the parser must not set it), `true` means the parser
 *   marks the row to drop. The count of entries the importer keeps must equal `expected_import_count` when given.
 * - extra: the expected `extra` lists what the fixture author chose to assert, and not every column of the file:
 *   firefox.csv lists guid and timeCreated, firefox_bwclients.csv only guid, for the same columns. So each listed
 *   key must be in the parsed `extra` with a deeply equal value, and the parser may keep more (nothing is dropped
 *   silently); an expected entry without `extra` asserts nothing about it.
 * - folder_normalized: the folder as the mapping step will see it, i.e. the format's folderSegments joined with "/"
 *   (LastPass `Emails\WS` → `Emails/WS`, KeePassXC `Root/Emails` → `Emails`, RoboForm `/Bank` → `Bank`). Where it is
 *   absent the raw folder must come out unchanged, so a format cannot mangle folders the fixture shows as clean.
 * - notes_note is commentary for humans and is not compared.
 * - folders (top-level): the folders a JSON export declares, in file order, duplicates kept.
 * Every fixture must also parse without problems, except the two negative KeePass files, which must be refused.
 */

const DIR = path.resolve(__dirname, "../../../shared/fixtures/imports");
const noFixtures = unavailable("the import fixtures", existsSync(DIR) ? null : `${DIR} not found`);

/** The format each fixture is, as detection must rank it first. */
const FORMAT_OF: Record<string, string> = {
  "1password.csv": "1password-csv",
  "1password4.csv": "1password-csv",
  "1password6.csv": "1password-7-csv",
  "1password_bwclients_mac.csv": "1password-mac-csv",
  "1password_bwclients_windows.csv": "1password-windows-csv",
  "1password_login.1pux.json": "1password-1pux",
  "bitwarden.csv": "bitwarden-csv",
  "bitwarden.json": "bitwarden-json",
  "bitwarden_bwclients_empty.json": "bitwarden-json",
  "bitwarden_keepassxc.json": "bitwarden-json",
  "bitwarden_keepassxc_nested.json": "bitwarden-json",
  "bitwarden_other.csv": "bitwarden-csv",
  "bitwarden_other.json": "bitwarden-json",
  "chrome.csv": "chrome-csv",
  "chrome_bwclients.csv": "chrome-csv",
  "chrome_bwclients_android.csv": "chrome-csv",
  "chrome_bwclients_note_crlf.csv": "chrome-csv",
  "dashlane.csv": "dashlane-legacy-csv",
  "dashlane_bwclients.csv": "dashlane-csv",
  "firefox.csv": "firefox-csv",
  "firefox_bwclients.csv": "firefox-csv",
  "firefox_bwclients_fxaccounts.csv": "firefox-csv",
  "keepass2.xml": "keepass2-xml",
  "keepass2_bwclients.xml": "keepass2-xml",
  "keepass2_bwclients_missing_keepassfile.xml": "keepass2-xml",
  "keepass2_bwclients_missing_root.xml": "keepass2-xml",
  "keepassxc.csv": "keepassxc-csv",
  "keepassxc_bwclients.csv": "keepassxc-csv",
  "keeper.csv": "keeper-csv",
  "keeper.json": "keeper-json",
  "keeper_bwclients.csv": "keeper-csv",
  "lastpass.csv": "lastpass-csv",
  "lastpass_bwclients_bank_note.csv": "lastpass-csv",
  "lastpass_bwclients_totp.csv": "lastpass-csv",
  "passbolt.csv": "passbolt-csv",
  "passbolt_ragged.csv": "passbolt-csv",
  "passbolt_totp.csv": "passbolt-csv",
  "passpack.csv": "passpack-csv",
  "psono.json": "psono-json",
  "psono_folders.json": "psono-json",
  "psono_totp.json": "psono-json",
  "roboform.csv": "roboform-csv",
  "roboform_bwclients.csv": "roboform-csv",
};

/** The negative fixtures: the file must be refused with an error that names what is missing. */
const MUST_FAIL: Record<string, RegExp> = {
  "keepass2_bwclients_missing_keepassfile.xml": /KeePassFile/,
  "keepass2_bwclients_missing_root.xml": /KeePassFile > Root/,
};

interface ExpectedEntry extends Omit<ImportedEntry, "extra" | "skip"> {
  extra?: Record<string, unknown>;
  skip?: boolean;
  folder_normalized?: string;
  notes_note?: string;
}

interface Expected {
  fixture: string;
  count: number;
  entries: ExpectedEntry[];
  folders?: string[];
  expected_import_count?: number;
}

const fixtures = noFixtures
  ? []
  : readdirSync(DIR).filter((name) => name !== "SOURCES.md" && statSync(path.join(DIR, name)).isFile());

const CORE_FIELDS = ["title", "username", "password", "url", "notes", "folder", "totp"] as const;

function core(entry: ImportedEntry | ExpectedEntry) {
  return { ...Object.fromEntries(CORE_FIELDS.map((field) => [field, entry[field]])), skip: entry.skip === true };
}

function normalizedFolder(format: ImportFormat, folder: ImportedEntry["folder"]) {
  const join = (one: string) => format.folderSegments(one).join("/");
  if (folder === null) return null;
  return typeof folder === "string" ? join(folder) : folder.map(join);
}

describe.skipIf(noFixtures)("import fixtures: every export file parses to its expected entries", () => {
  it("finds all 43 fixtures, each with a format and an expected parse", () => {
    expect(fixtures).toHaveLength(43);
    expect(fixtures.filter((name) => FORMAT_OF[name] === undefined)).toEqual([]);
    expect(fixtures.filter((name) => !existsSync(path.join(DIR, "expected", `${name}.expected.json`)))).toEqual([]);
  });

  it.each(fixtures)("%s", (name) => {
    const bytes = readFileSync(path.join(DIR, name));
    const expected = JSON.parse(readFileSync(path.join(DIR, "expected", `${name}.expected.json`), "utf8")) as Expected;
    const candidates = detectImportFormat(name, bytes);
    expect(candidates[0]?.id, `detected as ${JSON.stringify(candidates)}`).toBe(FORMAT_OF[name]);
    const format = getImportFormat(candidates[0]!.id)!;

    const failure = MUST_FAIL[name];
    if (failure) {
      expect(() => readImportFile(format, bytes)).toThrow(ImportFileError);
      expect(() => readImportFile(format, bytes)).toThrow(failure);
      expect(expected.count).toBe(0);
      return;
    }

    const result = readImportFile(format, bytes);
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(expected.count);
    if (expected.expected_import_count !== undefined) {
      expect(result.rows.filter((row) => !row.entry.skip)).toHaveLength(expected.expected_import_count);
    }
    if (expected.folders !== undefined) expect(result.folders).toEqual(expected.folders);

    result.rows.forEach(({ entry }, index) => {
      const want = expected.entries[index]!;
      const label = `${name} entry ${index + 1} (${want.title ?? want.url ?? "untitled"})`;
      expect(core(entry), label).toEqual(core(want));
      for (const [key, value] of Object.entries(want.extra ?? {})) {
        expect(entry.extra, `${label}: extra.${key}`).toHaveProperty([key]);
        expect(entry.extra?.[key], `${label}: extra.${key}`).toEqual(value);
      }
      expect(normalizedFolder(format, entry.folder), `${label}: folder path`).toEqual(want.folder_normalized ?? want.folder);
    });
  });
});
