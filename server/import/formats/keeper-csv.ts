import { csvFormat, type CsvRow } from "../csv/csv-format";
import { splitFolder, textOrNull } from "./types";

/** Keeper's CSV has no header: these seven columns, then custom fields as name, value pairs. */
const FIXED_COLUMNS = 7;
/** The custom field Keeper stores a record's TOTP (otpauth:// URI) under. */
export const KEEPER_TOTP_FIELD = "TFC:Keeper";

/**
 * Keeper's CSV export: folder, title, login, password, url, notes, shared folder, then custom fields in pairs.
 * Folders nest with a backslash; a record in a personal and a shared folder lists both.
 */
export const keeperCsv = csvFormat({
  id: "keeper-csv",
  label: "Keeper (CSV)",
  hasHeader: false,
  detectRows: (records) =>
    !startsWithHeader(records) && records.every((cells) => cells.length >= FIXED_COLUMNS && (cells.length - FIXED_COLUMNS) % 2 === 0) ? 0.5 : 0,
  columns: { folder: 0, title: 1, username: 2, password: 3, url: 4, notes: 5 },
  extra: "none",
  finish: (entry, row) => {
    const { customFields, totp } = customFieldPairs(row);
    const folders = [row.get(0), row.get(6)].filter((folder) => folder !== null);
    return {
      ...entry,
      folder: folders.length > 1 ? folders : (folders[0] ?? null),
      totp,
      ...(customFields.length > 0 ? { extra: { custom_fields: customFields } } : {}),
    };
  },
  folderSegments: (folder) => splitFolder(folder, "\\"),
});

/** Column names other exports head their CSV with; Keeper's first row is already a record. */
const HEADER_WORDS = new Set(["name", "title", "username", "user name", "login", "login_username", "password", "login_password", "url", "login_uri", "website", "notes", "folder", "group", "account"]);

/** Two or more cells of the first row are column names: a CSV with a header, which Keeper's never has. */
function startsWithHeader(records: string[][]): boolean {
  const first = records[0] ?? [];
  return first.filter((cell) => HEADER_WORDS.has(cell.trim().toLowerCase())).length >= 2;
}

function customFieldPairs(row: CsvRow): { customFields: [string | null, string | null][]; totp: string | null } {
  const customFields: [string | null, string | null][] = [];
  let totp: string | null = null;
  for (let i = FIXED_COLUMNS; i + 1 < row.cells.length; i += 2) {
    const name = textOrNull(row.cells[i]);
    const value = textOrNull(row.cells[i + 1]);
    if (name === KEEPER_TOTP_FIELD) totp = value;
    else if (name !== null || value !== null) customFields.push([name, value]);
  }
  return { customFields, totp };
}
