import Papa from "papaparse";
import type { ImportProblem } from "../entry";
import { checkRowCount } from "../import-file-error";
import { IMPORT_MAX_ROWS } from "../limits";

/** How a tool writes its CSV, where it departs from RFC 4180. */
export interface CsvDialect {
  /** "," unless the format or the user says otherwise; "\t" for TSV. */
  delimiter?: string;
  /** 1Password for Mac escapes quotes inside quoted cells with a backslash instead of doubling them. */
  escapeChar?: string;
}

export interface CsvReadOptions {
  /** Whether the first record is a header; a function decides from that record (exports with optional headers). */
  hasHeader: boolean | ((firstRecord: readonly string[]) => boolean);
  dialect?: CsvDialect;
}

/** One record: `row` counts records from 1, the header excluded, so messages match what a spreadsheet shows. */
export interface CsvRecord {
  row: number;
  cells: readonly string[];
}

const QUOTE_PROBLEMS: Record<string, string> = {
  MissingQuotes:
    "a quoted cell is never closed, so everything after its opening quote was read into that one cell; " +
    "check the quotes of this row",
  InvalidQuotes: "a quote inside a quoted cell is not doubled (read as a literal quote); check the quotes of this row",
};

/**
 * Reads a CSV/TSV text record by record with Papa Parse (RFC 4180 quoting: quoted cells may hold delimiters, quotes
 * and line breaks), handing each record to `onRecord` as it is read, so memory stays one record plus what the caller
 * keeps. Cells are exactly as written after unquoting: nothing is trimmed and CRLF inside a cell stays CRLF.
 * Blank lines are skipped. Broken quoting is reported per row and the record is still handed on, read leniently.
 * More than IMPORT_MAX_ROWS records throws before the caller has built them all.
 */
export function readCsv(
  text: string,
  options: CsvReadOptions,
  onRecord: (record: CsvRecord, header: readonly string[] | null) => void,
): { header: readonly string[] | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  let header: string[] | null = null;
  let awaitingHeader = options.hasHeader !== false;
  let row = 0;
  let tooMany = false;
  Papa.parse<string[]>(text, {
    delimiter: options.dialect?.delimiter ?? ",",
    escapeChar: options.dialect?.escapeChar ?? '"',
    quoteChar: '"',
    skipEmptyLines: true,
    step: (result, parser) => {
      const cells = result.data;
      if (awaitingHeader) {
        awaitingHeader = false;
        if (typeof options.hasHeader === "function" && !options.hasHeader(cells)) {
          row += 1;
          for (const error of result.errors) problems.push(quoteProblem(row, error));
          onRecord({ row, cells }, null);
          return;
        }
        header = cells;
        for (const error of result.errors) problems.push(quoteProblem(null, error));
        return;
      }
      row += 1;
      if (row > IMPORT_MAX_ROWS) {
        tooMany = true;
        parser.abort();
        return;
      }
      for (const error of result.errors) problems.push(quoteProblem(row, error));
      onRecord({ row, cells }, header);
    },
  });
  if (tooMany) checkRowCount(row);
  return { header, problems };
}

/** The first records of a sample, for detection; never throws. */
export function previewCsv(text: string, records: number, dialect?: CsvDialect): string[][] {
  const result = Papa.parse<string[]>(text, {
    delimiter: dialect?.delimiter ?? ",",
    escapeChar: dialect?.escapeChar ?? '"',
    skipEmptyLines: true,
    preview: records,
  });
  return result.data;
}

/** Tab when the first line has more tabs than commas and semicolons (a TSV), else comma or semicolon. */
export function guessDelimiter(text: string): "," | "\t" | ";" {
  const newline = text.search(/\r|\n/);
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  const count = (c: string) => firstLine.split(c).length - 1;
  const tabs = count("\t");
  const commas = count(",");
  const semicolons = count(";");
  if (tabs > commas && tabs > semicolons) return "\t";
  if (semicolons > commas) return ";";
  return ",";
}

function quoteProblem(row: number | null, error: Papa.ParseError): ImportProblem {
  const where = row === null ? "In the header row, " : "";
  return { row, field: null, message: where + (QUOTE_PROBLEMS[error.code] ?? error.message) };
}
