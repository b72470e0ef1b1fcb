import { ImportFileError } from "../import-file-error";

/** A JSON object (not null, not a list), the shape every JSON export is built from. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Parses a JSON export. The error names the line and column, never the engine's message: that quotes the text
 * around the error, which may be a password.
 */
export function parseJsonDocument(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "");
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : "";
    throw new ImportFileError("malformed", `This ${label} file is not valid JSON${where}; it may be cut short or edited.`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

/** The object at the top of the file, or an error naming what the format expects there. */
export function requireObject(document: unknown, label: string, expected: string): Record<string, unknown> {
  if (!isRecord(document)) {
    throw new ImportFileError("wrong_shape", `This is not a ${label} file: it should be a JSON object with ${expected}.`);
  }
  return document;
}

/** A list the format requires, or an error naming the missing key. */
export function requireList(object: Record<string, unknown>, key: string, label: string): unknown[] {
  const value = object[key];
  if (!Array.isArray(value)) {
    const what = value === undefined ? "is missing" : "is not a list";
    throw new ImportFileError("wrong_shape", `This is not a ${label} file: its \`${key}\` ${what}.`);
  }
  return value;
}

/** A list the format allows to be absent (treated as empty); present but not a list is an error. */
export function optionalList(object: Record<string, unknown>, key: string, label: string): unknown[] {
  return object[key] === undefined || object[key] === null ? [] : requireList(object, key, label);
}

/** One value, several, or none: the shape ImportedEntry uses for url and folder. */
export function oneOrMany(values: readonly string[]): string | string[] | null {
  if (values.length === 0) return null;
  return values.length === 1 ? values[0]! : [...values];
}

/** True when a JSON sample is an object holding all of `keys` at its top level (detection). */
export function hasKeys(json: unknown, keys: readonly string[]): boolean {
  return isRecord(json) && keys.every((key) => key in json);
}
