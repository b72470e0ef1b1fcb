import "server-only";
import { createHash } from "node:crypto";
import { kdbxweb } from "@/server/crypto/kdbx";
import { KdbxPayloadTooLarge, loadKdbxBounded } from "@/server/crypto/kdbx-load";
import type { ImportedEntry, ImportedRow } from "@/server/import/entry";
import { kdbxKeyDerivationLimits, maxImportFileBytes } from "@/server/import/limits";
import { ContainerError } from "./container-error";
import { takeTotp } from "./kdbx-totp";

/*
 * KeePass 2 / KeePassXC databases (KDBX 3.1 and 4), opened with kdbxweb. One row per entry, in tree order (a group's
 * entries, then its subgroups); entries in the recycle bin and history versions are not rows.
 */

export interface KdbxKeys {
  password?: string;
  /** The key file's bytes: KeePass XML v1/v2, 32 raw bytes, 64 hex digits, or any file (its SHA-256 is the key). */
  keyFile?: Uint8Array;
}

/** The fields every KeePass entry has; all others are the entry's custom strings. */
const standardFields = new Set(["Title", "UserName", "Password", "URL", "Notes"]);
/** KeePassXC's and Keepass2Android's convention for an entry's further URLs. */
const additionalUrlField = /^KP2A_URL(_\d+)?$/;

/** True when the bytes start with the KeePass 2 signature (KDBX of any version; KeePass 1 files differ). */
export function looksLikeKdbx(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.byteLength >= 8 && view.getUint32(0, true) === 0x9aa2d903 && view.getUint32(4, true) === 0xb54bfb67;
}

/**
 * Opens a KDBX file and reads its entries. Refuses files whose key derivation would cost the server more than
 * `kdbxKeyDerivationLimits` before deriving anything, and payloads that inflate beyond the import size limit. Every failure is a `ContainerError` (wrong password or key file,
 * not a KeePass file, unsupported); neither the keys nor any content appear in one.
 */
export async function readKdbx(file: Uint8Array, keys: KdbxKeys): Promise<ImportedRow[]> {
  if (file.byteLength > maxImportFileBytes) {
    throw new ContainerError("too_large", "file", `The KeePass file is larger than ${maxImportFileBytes / (1024 * 1024)} MB, the most an import reads.`);
  }
  if (!keys.password && !keys.keyFile) {
    throw new ContainerError("password_required", "password", "The KeePass database is protected: enter its master password, key file, or both.");
  }
  const data = toArrayBuffer(file);
  refuseCostlyKeyDerivation(readHeader(data));
  // The payload may inflate to no more than a file may weigh: a "KDBX bomb" is refused before it is inflated.
  const database = await loadKdbxBounded(data, await credentialsFor(keys), maxImportFileBytes).catch((error: unknown) => {
    throw translateKdbxError(error, keys);
  });
  return entryRows(database);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function readHeader(data: ArrayBuffer) {
  try {
    return kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(data), new kdbxweb.KdbxContext({ kdbx: new kdbxweb.Kdbx() }));
  } catch (error) {
    throw translateKdbxError(error, {});
  }
}

/** KeePass tunes its key derivation to about a second on the user's machine; a crafted header could ask for hours. */
function refuseCostlyKeyDerivation(header: ReturnType<typeof readHeader>): void {
  const parameters = header.kdfParameters;
  const number = (key: string) => Number(parameters?.get(key)?.valueOf() ?? 0);
  const isArgon2 = parameters?.get("M") !== undefined;
  const aesRounds = header.keyEncryptionRounds ?? number("R");
  const mebibytes = number("M") / (1024 * 1024);
  const tooCostly = isArgon2
    ? mebibytes * 1024 > kdbxKeyDerivationLimits.argon2MaxMemoryKiB || mebibytes * number("I") > kdbxKeyDerivationLimits.argon2MaxMebibytePasses
    : aesRounds > kdbxKeyDerivationLimits.aesMaxRounds;
  if (tooCostly) {
    throw new ContainerError(
      "unsupported",
      "file",
      "The KeePass database asks for more key-derivation work than an import allows (its encryption settings were raised far " +
        "beyond KeePass's defaults): lower them in KeePass or KeePassXC (Database settings → Encryption), save, and import again.",
    );
  }
}

async function credentialsFor(keys: KdbxKeys) {
  const password = keys.password ? kdbxweb.ProtectedValue.fromString(keys.password) : null;
  const credentials = new kdbxweb.Credentials(password, keys.keyFile ?? null);
  return credentials.ready.catch(async (error: unknown) => {
    // kdbxweb refuses an XML file that is not a KeePass key file; KeePass itself hashes it like any other file.
    if (keys.keyFile && error instanceof kdbxweb.KdbxError && error.code === kdbxweb.Consts.ErrorCodes.InvalidArg) {
      return new kdbxweb.Credentials(password, createHash("sha256").update(keys.keyFile).digest()).ready;
    }
    throw new ContainerError("damaged", "keyFile", "The key file is damaged: its checksum does not match its key.");
  });
}

function translateKdbxError(error: unknown, keys: KdbxKeys): ContainerError {
  if (error instanceof KdbxPayloadTooLarge) {
    return new ContainerError(
      "too_large",
      "file",
      `The KeePass database's contents unpack to more than ${error.limitBytes / (1024 * 1024)} MB, the most an import reads ` +
        "(a real database is far smaller, so the file may be crafted): nothing was imported.",
    );
  }
  if (!(error instanceof kdbxweb.KdbxError)) {
    return new ContainerError("damaged", "file", "The KeePass file could not be read (it may be damaged or truncated).");
  }
  const codes = kdbxweb.Consts.ErrorCodes;
  switch (error.code) {
    case codes.InvalidKey: {
      const what = keys.password && keys.keyFile ? "master password or key file is" : keys.keyFile ? "key file is" : "master password is";
      return new ContainerError("wrong_password", keys.password ? "password" : "keyFile", `The KeePass ${what} wrong.`);
    }
    case codes.BadSignature:
      return new ContainerError("damaged", "file", "This is not a KeePass 2 database (.kdbx) file.");
    case codes.InvalidVersion:
    case codes.Unsupported:
    case codes.NotImplemented:
      return new ContainerError(
        "unsupported",
        "file",
        "This KeePass file uses a version or setting Vaultline cannot read: save it as KDBX 4 or 3.1 from KeePass or KeePassXC.",
      );
    default:
      return new ContainerError("damaged", "file", "The KeePass file is damaged or truncated.");
  }
}

function entryRows(database: InstanceType<typeof kdbxweb.Kdbx>): ImportedRow[] {
  const rows: ImportedRow[] = [];
  const recycleBin = database.meta.recycleBinEnabled ? database.meta.recycleBinUuid?.id : undefined;
  const visit = (group: InstanceType<typeof kdbxweb.KdbxGroup>, path: string[]) => {
    if (recycleBin && group.uuid.id === recycleBin) return;
    const folder = path.length > 0 ? path.join("/") : null;
    for (const entry of group.entries) rows.push({ row: rows.length + 1, entry: importedEntry(entry, folder) });
    for (const child of group.groups) visit(child, [...path, child.name ?? ""]);
  };
  // The root group's name (often the database's) is not a folder: its direct entries have none.
  const root = database.getDefaultGroup();
  visit(root, []);
  return rows;
}

function importedEntry(entry: InstanceType<typeof kdbxweb.KdbxEntry>, folder: string | null): ImportedEntry {
  const custom = new Map<string, string>();
  const protectedNames: string[] = [];
  for (const [name, value] of entry.fields) {
    if (standardFields.has(name)) continue;
    custom.set(name, text(value) ?? "");
    if (value instanceof kdbxweb.ProtectedValue) protectedNames.push(name);
  }
  const title = text(entry.fields.get("Title"));
  const totp = takeTotp(custom, title);
  const moreUrls = [...custom.keys()].filter((name) => additionalUrlField.test(name)).map((name) => take(custom, name));
  const urls = [text(entry.fields.get("URL")), ...moreUrls].filter((url): url is string => url !== null);

  const extra: Record<string, unknown> = {};
  if (custom.size > 0) extra.custom_strings = Object.fromEntries(custom);
  const stillProtected = protectedNames.filter((name) => custom.has(name));
  if (stillProtected.length > 0) extra.protected_strings = stillProtected;
  if (entry.tags.length > 0) extra.tags = entry.tags;
  if (entry.times.expires && entry.times.expiryTime) extra.expires = entry.times.expiryTime.toISOString();
  if (entry.binaries.size > 0) extra.attachments = [...entry.binaries.keys()];
  if (entry.history.length > 0) extra.history_entries = entry.history.length;

  return {
    title,
    username: text(entry.fields.get("UserName")),
    password: text(entry.fields.get("Password")),
    url: urls.length > 1 ? urls : (urls[0] ?? null),
    notes: text(entry.fields.get("Notes")),
    folder,
    totp,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

function text(value: string | InstanceType<typeof kdbxweb.ProtectedValue> | undefined): string | null {
  const plain = value instanceof kdbxweb.ProtectedValue ? value.getText() : value;
  return plain ? plain : null;
}

function take(fields: Map<string, string>, name: string): string | null {
  const value = fields.get(name) ?? null;
  fields.delete(name);
  return value || null;
}
