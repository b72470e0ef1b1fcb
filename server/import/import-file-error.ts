import { AppError } from "@/server/errors";
import { IMPORT_MAX_ROWS } from "./limits";

/**
 * Why a whole file cannot be imported (as opposed to an ImportProblem, which names one row and lets the parse go on).
 * Parsers throw only this; anything else escaping a parser is a bug (the fuzz test holds them to it). It is a
 * BAD_REQUEST on the `file` input for the tRPC layer. Messages never quote cell values: a value may be a password.
 */
export type ImportFileFailure =
  | "empty"
  | "too_large"
  | "too_many_rows"
  | "malformed"
  | "wrong_shape"
  | "encrypted"
  | "bad_mapping";

export class ImportFileError extends AppError {
  constructor(
    readonly failure: ImportFileFailure,
    message: string,
  ) {
    super("BAD_REQUEST", message, failure === "bad_mapping" ? "mapping" : "file");
    this.name = "ImportFileError";
  }
}

/**
 * Refuses a file with more rows than an import takes. Parsers call it as soon as they count one too many, before
 * building the rest: a 100 MB file of tiny rows must not fill the memory first.
 */
export function checkRowCount(rows: number): void {
  if (rows > IMPORT_MAX_ROWS) {
    throw new ImportFileError(
      "too_many_rows",
      `The file has more than ${IMPORT_MAX_ROWS.toLocaleString("en")} rows, the most one import takes; split it into several files.`,
    );
  }
}
