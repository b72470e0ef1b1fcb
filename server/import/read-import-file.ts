import { decodeText, hasReplacementCharacter } from "./decode-text";
import type { ImportedRow, ImportProblem } from "./entry";
import type { ImportFormat, ImportParseOptions, ImportParseResult } from "./formats/types";
import { checkRowCount, ImportFileError } from "./import-file-error";
import { IMPORT_MAX_BYTES } from "./limits";

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * Reads one uploaded file with the chosen format: the size limit first (before any decoding), an empty file as a
 * clear error, UTF-8 (or UTF-16 by its BOM) with the BOM removed, then the format's parser; rows whose text held
 * invalid bytes are reported by row and field, and more than IMPORT_MAX_ROWS entries refuse the file.
 * Throws ImportFileError only.
 */
export function readImportFile(format: ImportFormat, bytes: Uint8Array, options: ImportParseOptions = {}): ImportParseResult {
  if (bytes.byteLength > IMPORT_MAX_BYTES) {
    throw new ImportFileError(
      "too_large",
      `The file is ${megabytes(bytes.byteLength)}; one import takes at most ${megabytes(IMPORT_MAX_BYTES)}. Split it into several files.`,
    );
  }
  const { text, encoding, hadInvalidBytes } = decodeText(bytes);
  if (!/\S/.test(text)) throw new ImportFileError("empty", "The file is empty: there is nothing to import.");
  const result = format.parse(text, options);
  checkRowCount(result.rows.length);
  if (!hadInvalidBytes) return result;
  return { ...result, problems: [...result.problems, ...invalidTextProblems(result.rows, encoding.toUpperCase())] };
}

/** One problem per field that lost bytes in decoding; a file with no such field still gets one file-level problem. */
function invalidTextProblems(rows: readonly ImportedRow[], encoding: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const { row, entry } of rows) {
    for (const [field, value] of Object.entries(entry)) {
      if (field === "skip") continue;
      if (containsReplacement(value)) {
        problems.push({
          row,
          field,
          message: `holds bytes that are not valid ${encoding} (shown as �); save the file as UTF-8 and import it again`,
        });
      }
    }
  }
  if (problems.length === 0) {
    problems.push({
      row: null,
      field: null,
      message: `The file holds bytes that are not valid ${encoding}; save it as UTF-8 and import it again.`,
    });
  }
  return problems;
}

function containsReplacement(value: unknown): boolean {
  if (typeof value === "string") return hasReplacementCharacter(value);
  if (Array.isArray(value)) return value.some(containsReplacement);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsReplacement);
  return false;
}
