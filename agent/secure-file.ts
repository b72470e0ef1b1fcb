import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";

/** A file the agent keeps to itself (identity, state) is group- or world-accessible. */
export class InsecureFileError extends Error {
  constructor(readonly filePath: string, readonly mode: number) {
    const octal = (mode & 0o777).toString(8).padStart(4, "0");
    super(`${filePath} has mode ${octal}; it holds secrets and must be accessible by its owner only: chmod 600 ${filePath}`);
    this.name = "InsecureFileError";
  }
}

/**
 * Writes JSON so that a reader sees either the old file or the whole new one, never a torn write, and so that
 * the content is never visible to anyone else, not even for a moment: the temporary file is created 0600.
 */
export function writePrivateJson(filePath: string, value: unknown): void {
  mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const temporary = `${filePath}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temporary, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, filePath);
  // The umask may have narrowed the creation mode, never widened it; chmod states the intent anyway.
  chmodSync(filePath, 0o600);
}

/** Reads JSON from a file only its owner may access; undefined when the file does not exist. */
export function readPrivateJson(filePath: string): unknown {
  let mode: number;
  try {
    mode = statSync(filePath).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0) throw new InsecureFileError(filePath, mode);
  return JSON.parse(readFileSync(filePath, "utf8")) as unknown;
}
