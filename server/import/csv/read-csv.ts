import Papa from "papaparse";
import type { ImportProblem } from "../entry";
import { checkRowCount } from "../import-file-error";

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

/** What reading a CSV found besides its records: the header (once read), and quoting problems by row. */
export interface CsvReading {
  header: readonly string[] | null;
  problems: ImportProblem[];
}

/** Records Papa Parse reads per call: the text is read a window at a time, so a consumer can stop or wait between rows. */
const WINDOW_RECORDS = 25;

/** What is read of the text before its first window: as much as Papa Parse guesses the line break from (1 MiB). */
const FIRST_READ_CHARS = 1024 * 1024;

/**
 * Reads a CSV/TSV text, handed over in pieces, record by record with Papa Parse (RFC 4180 quoting: quoted cells may
 * hold delimiters, quotes and line breaks), yielding each record with the header as it is read: nothing is parsed
 * ahead of what the consumer asks for (a window of records at most) and only the pieces not yet read into records are
 * held, so memory stays one window plus what the caller keeps, and a consumer may await between records. Cells are
 * exactly as written after unquoting: nothing is trimmed and CRLF inside a cell stays CRLF. Blank lines are skipped.
 * Broken quoting goes to `read.problems` per row and the record is still yielded, read leniently. More than
 * IMPORT_MAX_ROWS records throws before the caller has been handed them all.
 */
export function* readCsv(
  pieces: Iterable<string>,
  options: CsvReadOptions,
  read: CsvReading,
): Generator<{ record: CsvRecord; header: readonly string[] | null }> {
  const { problems } = read;
  let header: string[] | null = null;
  let awaitingHeader = options.hasHeader !== false;
  let row = 0;
  // The line break Papa Parse guesses from the start of the file holds for every later window.
  let newline: Papa.ParseConfig["newline"];
  const source = pieces[Symbol.iterator]();
  /** The text read from the pieces and not yet handed out as records; `ended` once the last piece is in it. */
  let text = "";
  let ended = false;
  const readAtLeast = (chars: number) => {
    while (!ended && text.length < chars) {
      const next = source.next();
      if (next.done) ended = true;
      else text += next.value;
    }
  };
  readAtLeast(FIRST_READ_CHARS);
  for (;;) {
    const window: Papa.ParseStepResult<string[]>[] = [];
    let consumed = 0;
    // A record that runs to the end of what was read may go on in the next piece: it is read again with more text.
    let cut = false;
    Papa.parse<string[]>(text, {
      delimiter: options.dialect?.delimiter ?? ",",
      escapeChar: options.dialect?.escapeChar ?? '"',
      quoteChar: '"',
      newline,
      // Papa's fast path splits the whole remaining text at once; the regular path reads only as far as the window.
      fastMode: false,
      skipEmptyLines: true,
      step: (result, parser) => {
        if (!ended && result.meta.cursor >= text.length) {
          cut = true;
          parser.abort();
          return;
        }
        window.push(result);
        consumed = result.meta.cursor;
        if (window.length === WINDOW_RECORDS) parser.abort();
      },
    });
    newline ??= window[0]?.meta.linebreak as typeof newline;
    for (const result of window) {
      const cells = result.data;
      if (awaitingHeader) {
        awaitingHeader = false;
        if (typeof options.hasHeader === "function" && !options.hasHeader(cells)) {
          row += 1;
          for (const error of result.errors) problems.push(quoteProblem(row, error));
          yield { record: { row, cells }, header: null };
          continue;
        }
        header = cells;
        read.header = cells;
        for (const error of result.errors) problems.push(quoteProblem(null, error));
        continue;
      }
      row += 1;
      checkRowCount(row);
      for (const error of result.errors) problems.push(quoteProblem(row, error));
      yield { record: { row, cells }, header };
    }
    text = text.slice(consumed);
    if (window.length === WINDOW_RECORDS && !cut) continue;
    if (ended) break;
    // The window ran out of text: read on, at least doubling what is held, so one huge record is read in few passes.
    readAtLeast(Math.max(2 * text.length, 1));
  }
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
