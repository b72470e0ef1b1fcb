/**
 * Why a whole file cannot be imported (as opposed to an ImportProblem, which names one row and lets the parse go on).
 * Parsers throw only this; anything else escaping a parser is a bug (the fuzz test holds them to it).
 * Messages never quote cell values: a value may be a password.
 */
export type ImportFileErrorCode =
  | "empty"
  | "too_large"
  | "too_many_rows"
  | "malformed"
  | "wrong_shape"
  | "encrypted"
  | "unknown_format"
  | "bad_mapping";

export class ImportFileError extends Error {
  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ImportFileError";
  }
}
