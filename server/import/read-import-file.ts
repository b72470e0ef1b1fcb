import { decodePieces, hasReplacementCharacter, joinPieces, type PiecedText } from "./decode-text";
import type { ImportedRow, ImportProblem } from "./entry";
import type { ImportFormat, ImportParseOptions, ImportParseResult, ImportRowStream } from "./formats/types";
import { checkRowCount, ImportFileError } from "./import-file-error";
import { IMPORT_MAX_BYTES } from "./limits";

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * Reads one uploaded file with the chosen format, row by row as the rows are asked for (see ImportRowStream): the
 * size limit first (before any decoding), an empty file as a clear error, UTF-8 (or UTF-16 by its BOM) with the BOM
 * removed, then the format's parser; rows whose text held invalid bytes are reported by row and field, and more than
 * IMPORT_MAX_ROWS entries refuse the file. Throws ImportFileError only, here or from the iteration of its rows.
 */
export function streamImportFile(format: ImportFormat, bytes: Uint8Array, options: ImportParseOptions = {}): ImportRowStream {
  return decodeImportFile(bytes).stream(format, options);
}

/**
 * The file checked once (see streamImportFile), to be read as many times as needed. Its text is decoded a piece at a
 * time by each read, never held whole by a CSV format: holding it (a string of the file's size) between the reads
 * cost more than decoding it again.
 */
export function decodeImportFile(bytes: Uint8Array): { stream: (format: ImportFormat, options?: ImportParseOptions) => ImportRowStream } {
  if (bytes.byteLength > IMPORT_MAX_BYTES) {
    throw new ImportFileError(
      "too_large",
      `The file is ${megabytes(bytes.byteLength)}; one import takes at most ${megabytes(IMPORT_MAX_BYTES)}. Split it into several files.`,
    );
  }
  const { text, encoding, hadInvalidBytes } = decodePieces(bytes);
  if (isBlank(text)) throw new ImportFileError("empty", "The file is empty: there is nothing to import.");
  return {
    stream: (format, options = {}) => {
      const read = format.stream?.(text, options) ?? wholeParse(format.parse(joinPieces(text), options));
      const problems: ImportProblem[] = [];
      const rows = checkedRows(read, problems, hadInvalidBytes ? encoding.toUpperCase() : null);
      return read.folders ? { rows, problems, folders: read.folders } : { rows, problems };
    },
  };
}

/** Nothing but white space (read only as far as the first character that is not). */
function isBlank(text: PiecedText): boolean {
  for (const piece of text.pieces()) if (/\S/.test(piece)) return false;
  return true;
}

/** Reads one uploaded file whole (streamImportFile, collected): every row, then every problem. */
export function readImportFile(format: ImportFormat, bytes: Uint8Array, options: ImportParseOptions = {}): ImportParseResult {
  const stream = streamImportFile(format, bytes, options);
  const rows = [...stream.rows];
  return { rows, problems: stream.problems, ...(stream.folders ? { folders: stream.folders } : {}) };
}

/** A format parsed whole (JSON and XML documents), handed on as a stream; its row count is checked before any row. */
function wholeParse(result: ImportParseResult): ImportRowStream {
  checkRowCount(result.rows.length);
  return result;
}

/**
 * The format's rows, counted, and (when the text held invalid bytes, `invalidEncoding` naming its encoding) checked
 * for lost bytes; the problems go to `problems` once the rows are read to the end.
 */
function* checkedRows(read: ImportRowStream, problems: ImportProblem[], invalidEncoding: string | null): Generator<ImportedRow> {
  const invalid: ImportProblem[] = [];
  let count = 0;
  for (const row of read.rows) {
    checkRowCount((count += 1));
    if (invalidEncoding) invalid.push(...invalidTextProblems(row, invalidEncoding));
    yield row;
  }
  if (invalidEncoding && invalid.length === 0) {
    invalid.push({ row: null, field: null, message: `The file holds bytes that are not valid ${invalidEncoding}; save it as UTF-8 and import it again.` });
  }
  problems.push(...read.problems, ...invalid);
}

/** One problem per field of the row that lost bytes in decoding. */
function invalidTextProblems({ row, entry }: ImportedRow, encoding: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const [field, value] of Object.entries(entry)) {
    if (field === "skip") continue;
    if (containsReplacement(value)) {
      problems.push({ row, field, message: `holds bytes that are not valid ${encoding} (shown as �); save the file as UTF-8 and import it again` });
    }
  }
  return problems;
}

function containsReplacement(value: unknown): boolean {
  if (typeof value === "string") return hasReplacementCharacter(value);
  if (Array.isArray(value)) return value.some(containsReplacement);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsReplacement);
  return false;
}
