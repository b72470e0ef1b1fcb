import { ColumnIndex, normalizeHeader, parseCsvWith, streamCsvWith, type CsvParseSpec } from "../csv/csv-format";
import { guessDelimiter, previewCsv } from "../csv/read-csv";
import { ImportFileError } from "../import-file-error";
import { ENTRY_FIELDS, splitFolder, type ColumnMapping, type EntryField, type ImportFormat, type ImportParseOptions } from "./types";

/**
 * Any other CSV or TSV, read through a column mapping the user confirms ({ title: "Name", password: 3, … });
 * columns left out of the mapping come along in `extra` by header, so nothing is dropped silently.
 */
export const genericCsv: ImportFormat = {
  id: "generic-csv",
  label: "Other CSV / TSV (choose the columns)",
  kind: "csv",
  detect: ({ csvRecords, json }) => (json === undefined && csvRecords.some((cells) => cells.length >= 2) ? 0.05 : 0),
  parse: (text, options) => parseCsvWith(text, genericSpec(text, options)),
  stream: (text, options) => streamCsvWith(text, genericSpec(text.head, options)),
  folderSegments: (folder) => splitFolder(folder),
};

/**
 * The column spec of the user's mapping, refused before any row is read when it does not fit the file (`text`: the
 * file's text, or its start: only its first record is read).
 */
function genericSpec(text: string, options: ImportParseOptions): CsvParseSpec {
  const mapping = options.mapping;
  if (mapping === undefined || Object.keys(mapping).length === 0) {
    throw new ImportFileError("bad_mapping", "Choose which column holds what (at least one) before reading this file.");
  }
  const hasHeader = options.hasHeader ?? true;
  const delimiter = options.delimiter ?? guessDelimiter(text);
  checkMapping(mapping, hasHeader ? (previewCsv(text, 1, { delimiter })[0] ?? []) : null);
  return { hasHeader, dialect: { delimiter }, columns: mapping, extra: { unmapped: "all" } };
}

/** A mapping that names a column the file does not have is refused before any row is read. */
function checkMapping(mapping: ColumnMapping, header: string[] | null) {
  const columns = new ColumnIndex(header);
  for (const [field, ref] of Object.entries(mapping)) {
    if (!(ENTRY_FIELDS as readonly string[]).includes(field)) {
      throw new ImportFileError("bad_mapping", `“${field}” is not a field an entry has.`);
    }
    if (typeof ref !== "number" && typeof ref !== "string") {
      throw new ImportFileError("bad_mapping", `The column chosen for ${field} must be a header name or a position.`);
    }
    if (typeof ref === "number" ? !Number.isInteger(ref) || ref < 0 : header === null) {
      throw new ImportFileError("bad_mapping", `The column chosen for ${field} must be a position (0, 1, …) in a file without a header.`);
    }
    if (typeof ref === "string" && columns.indexOf(ref) === -1) {
      throw new ImportFileError("bad_mapping", `The column “${ref}” chosen for ${field} is not in the file's header row.`);
    }
  }
}

/**
 * Header words (lower case, letters and digits only) that suggest each field, most telling first; also used to
 * propose a mapping for any file the user maps by hand.
 */
const FIELD_SYNONYMS: Record<EntryField, readonly string[]> = {
  password: ["password", "pwd", "pass", "passwd", "secret", "loginpassword", "accountpassword"],
  username: ["username", "user", "login", "loginname", "userid", "useraccount", "accountname", "account", "email", "loginusername"],
  url: ["url", "uri", "website", "site", "loginurl", "loginuri", "resourceurl", "web", "link", "address", "hostname", "host"],
  totp: ["totp", "otp", "otpsecret", "totpsecret", "otpauth", "2fa", "mfa", "twofactor", "onetimepassword", "authenticator"],
  folder: [
    "folder", "group", "grouping", "category", "collection", "collections", "organization", "organisation",
    "company", "companyname", "client", "clientname", "customer", "customername", "vault", "path", "site name",
  ],
  title: ["title", "name", "entryname", "itemname", "description", "resourcename", "label", "service"],
  notes: ["notes", "note", "comments", "comment", "extra", "remarks", "details"],
};

/** Fields in the order they claim columns: the specific ones first, so "name" is not taken for a password. */
const CLAIM_ORDER: readonly EntryField[] = ["password", "totp", "url", "username", "folder", "title", "notes"];

const squash = (name: string) => normalizeHeader(name).replace(/[^a-z0-9]/g, "");

/**
 * Proposes a mapping from header names: an exact synonym wins over a header that merely contains one, each column
 * serves one field at most, and fields with no likely column are left out for the user to choose.
 */
export function proposeColumnMapping(header: readonly string[]): ColumnMapping {
  const squashed = header.map(squash);
  const taken = new Set<number>();
  const mapping: ColumnMapping = {};
  const claim = (field: EntryField, match: (column: string, synonym: string) => boolean) => {
    for (const synonym of FIELD_SYNONYMS[field].map(squash)) {
      const index = squashed.findIndex((column, i) => !taken.has(i) && column !== "" && match(column, synonym));
      if (index !== -1) {
        taken.add(index);
        mapping[field] = header[index]!;
        return true;
      }
    }
    return false;
  };
  for (const field of CLAIM_ORDER) {
    if (!claim(field, (column, synonym) => column === synonym)) {
      claim(field, (column, synonym) => synonym.length >= 3 && column.includes(synonym));
    }
  }
  return mapping;
}
