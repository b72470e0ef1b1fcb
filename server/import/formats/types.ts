import type { PiecedText } from "../decode-text";
import type { ImportedEntry, ImportedRow, ImportProblem } from "../entry";

/** The seven fields every entry has; the ones a column mapping can point at. */
export const ENTRY_FIELDS = ["title", "username", "password", "url", "notes", "folder", "totp"] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** A CSV column, by its header name (matched ignoring case and surrounding spaces) or its 0-based position. */
export type ColumnRef = string | number;

/** Which column holds what, for the generic CSV/TSV format; columns not named here land in `extra` by header. */
export type ColumnMapping = Partial<Record<EntryField, ColumnRef>>;

export interface ImportParseOptions {
  /** Generic CSV only: the columns to read (see proposeColumnMapping). */
  mapping?: ColumnMapping;
  /** Generic CSV only: whether the first row is a header (default true). */
  hasHeader?: boolean;
  /** CSV/TSV formats that accept either: the delimiter, when the caller knows better than the guess. */
  delimiter?: "," | "\t" | ";";
}

export interface ImportParseResult {
  rows: ImportedRow[];
  problems: ImportProblem[];
  /** Folders the file declares, in file order, empty ones included (JSON formats that list folders apart). */
  folders?: string[];
}

/**
 * A file's entries read one at a time, so a big file is never held parsed in full: `rows` can be iterated once, and
 * `problems` is complete once it has been read to its end (a file-level refusal is thrown from the iteration).
 */
export interface ImportRowStream {
  rows: Iterable<ImportedRow>;
  problems: ImportProblem[];
  folders?: string[];
}

/** What detection looks at: the file name and the start of the text, plus the whole JSON when the file is JSON. */
export interface FileSample {
  fileName: string;
  /** Lower case, without the dot ("csv", "json", "xml", "tsv", "txt"); "" when the name has none. */
  extension: string;
  /** The first DETECT_SAMPLE_BYTES of the text (BOM removed). */
  head: string;
  /** The first records of the head read as CSV with the guessed delimiter (empty when it is not CSV-like). */
  csvRecords: string[][];
  delimiter: "," | "\t" | ";";
  /** The parsed document when the text is JSON, else undefined. */
  json: unknown;
}

export type ImportFormatKind = "csv" | "json" | "xml";

/** One source format: recognised by `detect`, read by `parse` into entries in the source's own terms. */
export interface ImportFormat {
  id: string;
  /** What the user sees ("Bitwarden (JSON)"). */
  label: string;
  kind: ImportFormatKind;
  /**
   * How sure this format is that the sample is one of its files: 0 = not this format, 1 = its exact signature
   * (header row, root element, distinctive keys). Ranks the candidates; the user confirms.
   */
  detect(sample: FileSample): number;
  /** Throws ImportFileError when the file as a whole cannot be read; row-level trouble goes to `problems`. */
  parse(text: string, options: ImportParseOptions): ImportParseResult;
  /**
   * The same entries as `parse`, read as they are asked for from the text's pieces (CSV formats); formats without it
   * are parsed whole.
   */
  stream?(text: PiecedText, options: ImportParseOptions): ImportRowStream;
  /**
   * A folder as the source writes it, split into its path segments in the source's notation (LastPass and Keeper
   * nest with `\`, KeePassXC's CSV starts with the root group, RoboForm with `/`). The mapping step joins these.
   */
  folderSegments(folder: string): string[];
}

/** Builds an entry with every field present (null when absent), so no parser forgets one. */
export function entryOf(fields: Partial<ImportedEntry>): ImportedEntry {
  const entry: ImportedEntry = {
    title: fields.title ?? null,
    username: fields.username ?? null,
    password: fields.password ?? null,
    url: fields.url ?? null,
    notes: fields.notes ?? null,
    folder: fields.folder ?? null,
    totp: fields.totp ?? null,
  };
  if (fields.extra !== undefined && Object.keys(fields.extra).length > 0) entry.extra = fields.extra;
  if (fields.skip) entry.skip = true;
  return entry;
}

/** Empty is null: the one rule for every value an export writes as text. */
export function textOrNull(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** "a/b/c" → [a, b, c], empty segments dropped (a leading or doubled separator adds no level). */
export function splitFolder(folder: string, separator: string | RegExp = "/"): string[] {
  return folder.split(separator).filter((segment) => segment !== "");
}
