import "server-only";
import Papa from "papaparse";
import type { ExportEntry } from "./entry";
import { filedUnder, type ExportEntrySource } from "./entry-source";

/*
 * The CSV writer, and the CSV export of passwords: one row per password, RFC 4180 (comma, CRLF, double quotes doubled, a cell quoted when it holds a
 * comma, quote, CR or LF), written by Papa Parse's unparser. Lists (URLs, tags, custom fields) go one value a line
 * inside their cell, since any separator character could appear in a value.
 */

export const CSV_COLUMNS = [
  "Customer",
  "Filed under",
  "Contact or device",
  "Description",
  "Username",
  "Password",
  "URLs",
  "Notes",
  "TOTP",
  "Tags",
  "Custom fields",
] as const;

/**
 * Spreadsheets run a cell that starts with = + - @ (and read tab, CR and NUL there the same way) as a formula. Such a
 * cell gets a leading single quote and is always quoted (OWASP's CSV injection advice, ASVS 1.2.10): Excel shows
 * it as text, and a plain-text reader sees the quote. Papa Parse's own `escapeFormulae: FORMULA_START` pattern ends in `.*$`,
 * which misses a value whose first line is followed by a line break, hence this anchored one.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;
const ROWS_PER_PIECE = 500;
const BYTE_ORDER_MARK = "\uFEFF";

export type CsvExportOptions = {
  /** Start with a UTF-8 byte order mark, which Excel needs to read the file as UTF-8. */
  byteOrderMark?: boolean;
};

/**
 * Writes any table as formula-safe RFC 4180 CSV text pieces: the header row, then the rows in batches. Every CSV
 * the app hands out (the password export, the audit log export) goes through here.
 */
export async function* writeCsv(
  header: readonly string[],
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  options: CsvExportOptions = {},
): AsyncGenerator<string> {
  yield (options.byteOrderMark ? BYTE_ORDER_MARK : "") + unparse([[...header]]);
  let batch: string[][] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === ROWS_PER_PIECE) {
      yield unparse(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield unparse(batch);
}

/** Writes the CSV export of passwords as text pieces. */
export function writeCsvExport(entries: ExportEntrySource, options: CsvExportOptions = {}): AsyncGenerator<string> {
  return writeCsv(CSV_COLUMNS, csvRows(entries), options);
}

async function* csvRows(entries: ExportEntrySource): AsyncGenerator<string[]> {
  for await (const entry of entries) yield csvRow(entry);
}

function csvRow(entry: ExportEntry): string[] {
  const filed = filedUnder(entry);
  return [
    entry.customer,
    filed.kind,
    filed.name ?? "",
    entry.title,
    entry.username ?? "",
    entry.password ?? "",
    lines(entry.urls),
    entry.notes ?? "",
    entry.totp ?? "",
    lines(entry.tags),
    lines(entry.customFields.map((field) => `${field.name}: ${field.value}`)),
  ];
}

const lines = (values: string[]) => values.join("\n");

function unparse(rows: string[][]): string {
  return Papa.unparse(rows, { newline: "\r\n", escapeFormulae: FORMULA_START }) + "\r\n";
}
