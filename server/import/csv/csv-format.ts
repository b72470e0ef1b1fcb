import { wholeText, type PiecedText } from "../decode-text";
import type { ImportedEntry, ImportedRow, ImportProblem } from "../entry";
import { ImportFileError } from "../import-file-error";
import {
  ENTRY_FIELDS,
  entryOf,
  splitFolder,
  textOrNull,
  type ColumnRef,
  type EntryField,
  type FileSample,
  type ImportFormat,
  type ImportParseOptions,
  type ImportParseResult,
  type ImportRowStream,
} from "../formats/types";
import { guessDelimiter, readCsv, type CsvDialect, type CsvReading } from "./read-csv";

/** One record with its header, read by column name or position; empty cells and missing ones are null. */
export class CsvRow {
  constructor(
    readonly row: number,
    readonly cells: readonly string[],
    private readonly columns: ColumnIndex,
  ) {}

  /** The 0-based position of a column, or -1 when the file has no such column. */
  indexOf(column: ColumnRef): number {
    return this.columns.indexOf(column);
  }

  get(column: ColumnRef): string | null {
    const index = this.indexOf(column);
    return index === -1 ? null : textOrNull(this.cells[index]);
  }

  get header(): readonly string[] | null {
    return this.columns.header;
  }
}

/** Header names to positions, ignoring case and surrounding spaces; the first of two equal names wins. */
export class ColumnIndex {
  private readonly byName = new Map<string, number>();
  /** Lookups by the names a format spells (a handful per format), so a row does not normalise them again. */
  private readonly resolved = new Map<string, number>();

  constructor(readonly header: readonly string[] | null) {
    header?.forEach((name, index) => {
      const key = normalizeHeader(name);
      if (!this.byName.has(key)) this.byName.set(key, index);
    });
  }

  indexOf(column: ColumnRef): number {
    if (typeof column === "number") return column;
    let index = this.resolved.get(column);
    if (index === undefined) {
      index = this.byName.get(normalizeHeader(column)) ?? -1;
      this.resolved.set(column, index);
    }
    return index;
  }
}

export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase();
}

/** What lands in `extra` for a CSV row, besides what `finish` adds. */
export type CsvExtra =
  /** Every column the mapping does not use, keyed by header; "all" keeps empty ones as null, "filled" drops them. */
  | { unmapped: "all" | "filled"; key?: (header: string) => string }
  | "none";

export interface CsvParseSpec {
  hasHeader: boolean | ((firstRecord: readonly string[]) => boolean);
  dialect?: CsvDialect;
  /** Comma unless the first line says tab or semicolon (formats that come as CSV or TSV, and the generic one). */
  guessDelimiter?: boolean;
  /** Which column holds each entry field; the first non-empty of several wins. */
  columns: Partial<Record<EntryField, ColumnRef | readonly ColumnRef[]>>;
  extra: CsvExtra;
  /**
   * Format-specific reading on top of the columns (custom-field pairs, JSON in a cell, rows to skip…); `report`
   * records a problem with a field of this row.
   */
  finish?: (entry: ImportedEntry, row: CsvRow, report: (field: string, message: string) => void) => ImportedEntry;
}

/**
 * Reads a CSV text into entries by a column spec: the one engine behind every CSV preset and the generic mapping.
 * The spec is resolved against the header once (positions, extra keys); a row then costs its cells and its entry.
 * Rows come one at a time as they are read (see readCsv); the problems are complete once the rows are read to the end.
 */
export function streamCsvWith(text: PiecedText, spec: CsvParseSpec): ImportRowStream {
  const problems: ImportProblem[] = [];
  return { rows: csvEntries(text, spec, problems), problems };
}

function* csvEntries(text: PiecedText, spec: CsvParseSpec, problems: ImportProblem[]): Generator<ImportedRow> {
  const read: CsvReading = { header: null, problems: [] };
  const rowProblems: ImportProblem[] = [];
  let layout: CsvLayout | null = null;
  let currentRow = 0;
  let rows = 0;
  const report = (field: string, message: string) => rowProblems.push({ row: currentRow, field, message });
  const dialect = spec.guessDelimiter && !spec.dialect?.delimiter ? { ...spec.dialect, delimiter: guessDelimiter(text.head) } : spec.dialect;
  for (const { record, header: head } of readCsv(text.pieces(), { hasHeader: spec.hasHeader, dialect }, read)) {
    layout ??= new CsvLayout(spec, new ColumnIndex(head));
    if (record.cells.every((cell) => cell === "")) continue; // a row of empty cells carries nothing to import
    currentRow = record.row;
    const entry = layout.entryOf(record.cells);
    const finished = spec.finish ? spec.finish(entry, new CsvRow(record.row, record.cells, layout.columns), report) : entry;
    rows += 1;
    yield { row: record.row, entry: finished };
  }
  problems.push(...read.problems, ...rowProblems);
  if (rows === 0 && problems.length === 0) {
    const what = read.header === null ? "no rows" : "a header row but no entries";
    throw new ImportFileError("empty", `The file has ${what}: there is nothing to import.`);
  }
}

/** Reads a whole CSV text into entries by a column spec (streamCsvWith, collected). */
export function parseCsvWith(text: string, spec: CsvParseSpec): ImportParseResult {
  const stream = streamCsvWith(wholeText(text), spec);
  const rows = [...stream.rows];
  return { rows, problems: stream.problems };
}

/** A spec resolved against one file's header. */
class CsvLayout {
  /** For each mapped field, the positions that may hold it, first non-empty wins. */
  private readonly fields: [EntryField, number[]][] = [];
  private readonly mapped = new Set<number>();
  private readonly consumed: number[] = [];

  constructor(
    private readonly spec: CsvParseSpec,
    readonly columns: ColumnIndex,
  ) {
    for (const field of ENTRY_FIELDS) {
      const refs = spec.columns[field];
      if (refs === undefined) continue;
      const positions = (typeof refs === "object" ? refs : [refs]).map((ref) => columns.indexOf(ref)).filter((i) => i !== -1);
      this.fields.push([field, positions]);
      for (const position of positions) this.mapped.add(position);
    }
  }

  entryOf(cells: readonly string[]): ImportedEntry {
    const fields: Partial<ImportedEntry> = {};
    this.consumed.length = 0;
    for (const [field, positions] of this.fields) {
      for (const position of positions) {
        const value = textOrNull(cells[position]);
        if (value !== null) {
          fields[field] = value;
          this.consumed.push(position);
          break;
        }
      }
    }
    fields.extra = this.unmappedExtra(cells);
    return entryOf(fields);
  }

  /**
   * Unmapped columns by header name; a file without a header names them by position ("column 3"). A mapped column
   * that lost to an earlier alternative of the same field (Organization before Department) still comes along when
   * it holds a value, so nothing is dropped silently.
   */
  private unmappedExtra(cells: readonly string[]): Record<string, unknown> | undefined {
    const extra = this.spec.extra;
    if (extra === "none") return undefined;
    const header = this.columns.header;
    const width = header?.length ?? cells.length;
    const result: Record<string, unknown> = {};
    for (let index = 0; index < width; index += 1) {
      const name = header ? header[index]! : `column ${index + 1}`;
      if (name === "" || this.consumed.includes(index)) continue;
      const value = textOrNull(cells[index]);
      if (value === null && (extra.unmapped === "filled" || this.mapped.has(index))) continue;
      result[extra.key ? extra.key(name) : name] = value;
    }
    return result;
  }
}

/** A CSV preset: one source's column layout, recognised by the header rows that source writes. */
export interface CsvFormatSpec extends CsvParseSpec {
  id: string;
  label: string;
  /**
   * Header rows this source writes, each exactly (case and spaces aside). A file whose header equals one scores 1;
   * one that holds every column of `required` in any order scores lower. `detectRows`, when given, decides alone
   * (headerless formats, and those whose header is optional).
   */
  headers?: readonly (readonly string[])[];
  required?: readonly string[];
  detectRows?: (records: string[][]) => number;
  folderSegments?: (folder: string) => string[];
}

/** Turns a preset into an ImportFormat: detection by header, parsing by parseCsvWith. */
export function csvFormat(spec: CsvFormatSpec): ImportFormat {
  return {
    id: spec.id,
    label: spec.label,
    kind: "csv",
    detect: (sample) => detectCsv(spec, sample),
    parse: (text: string, options: ImportParseOptions) => parseCsvWith(text, withDelimiter(spec, options)),
    stream: (text: PiecedText, options: ImportParseOptions) => streamCsvWith(text, withDelimiter(spec, options)),
    folderSegments: spec.folderSegments ?? ((folder) => splitFolder(folder)),
  };
}

/** The spec with the delimiter the caller chose, when it chose one. */
const withDelimiter = (spec: CsvFormatSpec, options: ImportParseOptions): CsvParseSpec =>
  options.delimiter ? { ...spec, dialect: { ...spec.dialect, delimiter: options.delimiter } } : spec;

function detectCsv(spec: CsvFormatSpec, sample: FileSample): number {
  if (sample.json !== undefined || sample.csvRecords.length === 0) return 0;
  if (!spec.guessDelimiter && (spec.dialect?.delimiter ?? ",") !== sample.delimiter) return 0;
  if (spec.detectRows) return spec.detectRows(sample.csvRecords);
  const header = trimTrailingEmpty(sample.csvRecords[0]!.map(normalizeHeader));
  const exact = spec.headers?.some(
    (known) => known.length === header.length && known.every((name, i) => normalizeHeader(name) === header[i]),
  );
  if (exact) return 1;
  const required = spec.required ?? spec.headers?.[0] ?? [];
  if (required.length === 0) return 0;
  const present = new Set(header);
  return required.every((name) => present.has(normalizeHeader(name))) ? 0.6 + 0.3 * (required.length / header.length) : 0;
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end -= 1;
  return cells.slice(0, end);
}
