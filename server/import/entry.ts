/*
 * What an importer reads out of another tool's export, before anything is mapped onto customers or sealed.
 * Values are the source's raw values after the format's own decoding (CSV quoting, XML entities, JSON); an empty
 * value is null. Nothing is trimmed or normalised here, so a test can compare a parse field by field with the
 * fixtures' expected parses; normalising (folder paths, URLs) is the mapping step's job.
 *
 * The password and the TOTP seed are in the clear here: an import is the one place a secret enters from a file.
 * These values go only to the sealing step (server/crypto) and never into a job payload, a log line or an error.
 */

/** One item of an export. */
export interface ImportedEntry {
  title: string | null;
  username: string | null;
  password: string | null;
  /** Several when the source keeps several URIs for one item. */
  url: string | string[] | null;
  notes: string | null;
  /**
   * The folder, collection or company path exactly as the source writes it (`Root/Emails/WS`, `Emails\WS`, `/Bank`).
   * Several when the source files one item in several places (a Keeper record in a private and a shared folder, a
   * Bitwarden organisation item in two collections).
   */
  folder: string | string[] | null;
  totp: string | null;
  /** Everything else the source holds (custom fields, card and identity data, item type…), in the source's shape. */
  extra?: Record<string, unknown>;
  /** Set when the source writes a row that is not an item (an account row, a header repeated…): the importer drops it. */
  skip?: true;
}

/** Where in the file an entry came from, for error messages that name the row (1-based, header excluded for CSV). */
export interface ImportedRow {
  row: number;
  entry: ImportedEntry;
}

/** A problem with one row or field of a file; the parse goes on and reports every one of them. */
export interface ImportProblem {
  row: number | null;
  field: string | null;
  message: string;
}
