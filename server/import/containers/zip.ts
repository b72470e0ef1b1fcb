import "server-only";
import {
  configure,
  ERR_ENCRYPTED,
  ERR_INVALID_AUTHENTICATION_CODE,
  ERR_INVALID_COMPRESSED_DATA,
  ERR_INVALID_CRC32,
  ERR_INVALID_PASSWORD,
  ERR_UNSUPPORTED_COMPRESSION,
  ERR_UNSUPPORTED_ENCRYPTION,
  ERR_INVALID_UNCOMPRESSED_SIZE,
  Uint8ArrayReader,
  Uint8ArrayWriter,
  ZipReader,
  type Entry,
  type FileEntry,
} from "@zip.js/zip.js";
import { maxImportFileBytes, maxZipCompressionRatio, zipRatioCheckFloorBytes } from "@/server/import/limits";
import { ContainerError } from "./container-error";

/*
 * PMP-style resource files arrive as a CSV/TSV, or inside a ZIP that is often password-protected (WinZip AES-128/256
 * or the legacy ZipCrypto). This opens the ZIP and hands back the one resource file, as bytes: decoding text, BOMs
 * and rows is the format parser's job.
 */

// Workers are a browser affordance; on the server the codecs run inline (natively where Node offers them).
configure({ useWebWorkers: false });

/**
 * Entry names that are resource files when the user does not name one: a table, or the `export.data` JSON at the top
 * of a 1Password `.1pux` archive (itself a ZIP).
 */
const resourceFileExtension = /(\.(csv|tsv|txt)|^export\.data)$/i;

export interface ZipResourceOptions {
  /** The ZIP's password, when it has one. */
  password?: string;
  /** The file to take, by its path in the archive or its bare name; without it, the first .csv/.tsv/.txt. */
  fileName?: string;
}

export interface ZipResourceFile {
  /** The entry's path inside the archive (not a secret: the UI shows which file it read). */
  name: string;
  bytes: Uint8Array;
}

/** True when the bytes start like a ZIP archive (a local file header, or the end record of an empty one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Reads the resource file out of a ZIP. A ZIP bomb is refused before anything is inflated, by the sizes the central
 * directory declares (over the size limit, or over the ratio). Declared sizes can lie, so the inflation is also
 * stopped the moment it produces more than the entry declares (zip.js checks every chunk against the declared size),
 * which the first check already bounded: at most `maxImportFileBytes` is ever inflated.
 * Every failure is a `ContainerError`; the password never appears in one.
 */
export async function readZipResourceFile(zip: Uint8Array, options: ZipResourceOptions = {}): Promise<ZipResourceFile> {
  if (zip.byteLength > maxImportFileBytes) throw fileTooLarge("The ZIP file");
  const reader = new ZipReader(new Uint8ArrayReader(zip));
  try {
    const entries = await reader.getEntries().catch((error: unknown) => {
      throw translateZipError(error, false);
    });
    const entry = pickResourceEntry(entries, options.fileName);
    refuseByDeclaredSize(entry);
    return { name: entry.filename, bytes: await inflate(entry, options.password) };
  } finally {
    await reader.close();
  }
}

/**
 * ZIP never said how a password becomes bytes. Info-ZIP on Linux and WinZip AES use UTF-8; Windows tools writing
 * ZipCrypto use the machine's legacy code page, which zip.js's own string handling approximates. A password with
 * only ASCII is the same in both, so only a non-ASCII one costs a second try.
 */
async function inflate(entry: FileEntry, password: string | undefined): Promise<Uint8Array> {
  const attempts = !password ? [{}] : /^[\x20-\x7e]*$/.test(password) ? [{ password }] : [{ rawPassword: new TextEncoder().encode(password) }, { password }];
  let failure: ContainerError | undefined;
  for (const credentials of attempts) {
    try {
      // zip.js skips the CRC by default; it is what catches damage, and a wrong ZipCrypto password that passed its check.
      return await entry.getData(new Uint8ArrayWriter(), { ...credentials, checkCrc32: true });
    } catch (error) {
      failure = error instanceof ContainerError ? error : translateZipError(error, entry.encrypted);
      if (failure.failure !== "wrong_password") throw failure;
    }
  }
  throw failure;
}

function pickResourceEntry(entries: Entry[], fileName: string | undefined): FileEntry {
  const files = entries.filter((entry): entry is FileEntry => !entry.directory && !isMacResourceFork(entry.filename));
  if (fileName) {
    const wanted = fileName.toLowerCase();
    const named = files.find((entry) => entry.filename === fileName) ?? files.find((entry) => baseName(entry.filename).toLowerCase() === wanted);
    if (named) return named;
    throw new ContainerError("no_resource_file", "fileName", `The ZIP has no file named "${fileName}". ${describeContents(files)}`);
  }
  const resource = files.find((entry) => resourceFileExtension.test(entry.filename));
  if (resource) return resource;
  throw new ContainerError("no_resource_file", "file", `The ZIP holds no .csv, .tsv or .txt file. ${describeContents(files)}`);
}

/** macOS Finder adds `__MACOSX/._name.csv` companions holding metadata, never the data. */
function isMacResourceFork(path: string): boolean {
  return path.startsWith("__MACOSX/") || baseName(path).startsWith("._");
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function describeContents(files: FileEntry[]): string {
  if (files.length === 0) return "It holds no files.";
  const shown = files.slice(0, 10).map((entry) => entry.filename);
  return `It holds: ${shown.join(", ")}${files.length > shown.length ? `, and ${files.length - shown.length} more` : ""}.`;
}

function refuseByDeclaredSize(entry: FileEntry): void {
  if (entry.uncompressedSize > maxImportFileBytes) throw fileTooLarge(`"${entry.filename}"`);
  if (exceedsRatio(entry.uncompressedSize, entry.compressedSize)) throw zipBomb(entry);
}

function exceedsRatio(inflatedBytes: number, storedBytes: number): boolean {
  return inflatedBytes > zipRatioCheckFloorBytes && inflatedBytes > maxZipCompressionRatio * Math.max(storedBytes, 1);
}

function fileTooLarge(what: string): ContainerError {
  return new ContainerError("too_large", "file", `${what} is larger than ${maxImportFileBytes / (1024 * 1024)} MB, the most an import reads.`);
}

function zipBomb(entry: FileEntry): ContainerError {
  return new ContainerError(
    "zip_bomb",
    "file",
    `"${entry.filename}" inflates more than ${maxZipCompressionRatio} times its stored size, which no real export does: refused as a ZIP bomb.`,
  );
}

/** zip.js reports failures as plain Errors whose message is one of its exported constants. */
function translateZipError(error: unknown, encrypted: boolean): ContainerError {
  const message = error instanceof Error ? error.message : "";
  if (message === ERR_ENCRYPTED) {
    return new ContainerError("password_required", "password", "The ZIP is password-protected: enter its password.");
  }
  // A wrong password passes ZipCrypto's one-byte check 1 time in 256 (AES's two bytes, 1 in 65,536); it then fails
  // the CRC, the inflation or the AES authentication code instead, and is still a wrong password.
  const failedAfterDecryption = [ERR_INVALID_CRC32, ERR_INVALID_COMPRESSED_DATA, ERR_INVALID_AUTHENTICATION_CODE].includes(message);
  if (message === ERR_INVALID_PASSWORD) return new ContainerError("wrong_password", "password", "The ZIP password is wrong.");
  if (message === ERR_INVALID_UNCOMPRESSED_SIZE) {
    return new ContainerError("zip_bomb", "file", "A file in the ZIP inflates beyond the size the archive declares for it: refused as a ZIP bomb.");
  }
  if (encrypted && failedAfterDecryption) {
    return new ContainerError("wrong_password", "password", "The ZIP password is wrong, or the file is damaged.");
  }
  if (message === ERR_UNSUPPORTED_ENCRYPTION || message === ERR_UNSUPPORTED_COMPRESSION) {
    return new ContainerError("unsupported", "file", `The ZIP uses a method Vaultline cannot read (${message.toLowerCase()}): re-create it with ZIP's standard deflate and AES or ZipCrypto.`);
  }
  return new ContainerError("damaged", "file", "The file is not a readable ZIP archive (it may be damaged or truncated).");
}
