import "server-only";
import {
  BITWARDEN_KDF_ARGON2ID,
  BITWARDEN_KDF_PBKDF2_SHA256,
  bitwardenKdfInBounds,
  BitwardenExportKey,
  EncStringMacError,
  type BitwardenKdf,
} from "@/server/crypto/bitwarden-export";
import { decodeText } from "@/server/import/decode-text";
import { maxImportFileBytes } from "@/server/import/limits";
import { ContainerError } from "./container-error";

/*
 * Bitwarden's password-protected JSON export ("encrypted": true, "passwordProtected": true): a header with the salt
 * and KDF settings, `encKeyValidation_DO_NOT_EDIT` (an EncString of a random GUID, which tells a wrong password from
 * a damaged file) and `data`, the whole unencrypted JSON export as one EncString. Opened with the file password of
 * this one request; what comes out is the plain export, read by the Bitwarden JSON format like any other.
 * (The other encrypted export, "account restricted", opens only inside the account that wrote it: the format refuses it.)
 */

/** How far into the file the header is looked for: Bitwarden writes these keys first, `data` last. */
const HEAD_BYTES = 4096;

/**
 * True when the file looks like a password-protected Bitwarden export: JSON whose head declares
 * `"passwordProtected": true`. Cheap (reads the head only); `openBitwardenProtected` checks the whole shape.
 */
export function looksLikeBitwardenProtected(file: Uint8Array): boolean {
  const head = decodeText(file.subarray(0, HEAD_BYTES)).text.trimStart();
  return head.startsWith("{") && /"passwordProtected"\s*:\s*true/.test(head);
}

type Header = { salt: string; kdf: BitwardenKdf; validation: string; data: string };

/**
 * The plain Bitwarden JSON export inside a password-protected one, as UTF-8 bytes. Every failure is a ContainerError
 * naming the field to fix: no password or a wrong one (`password`), a file that is not such an export, asks for more
 * key-derivation work than Bitwarden allows, or is damaged (`file`). Neither the password nor any content is in one.
 */
export async function openBitwardenProtected(file: Uint8Array, password: string | undefined): Promise<Uint8Array> {
  if (file.byteLength > maxImportFileBytes) {
    throw new ContainerError("too_large", "file", `The Bitwarden export is larger than ${maxImportFileBytes / (1024 * 1024)} MB, the most an import reads.`);
  }
  const header = readHeader(file);
  if (!password) {
    throw new ContainerError("password_required", "password", "This Bitwarden export is password-protected: enter the file password it was exported with.");
  }
  const key = await BitwardenExportKey.deriveWith(password, header.salt, header.kdf);
  try {
    key.decryptBytes(header.validation);
  } catch (error) {
    if (error instanceof EncStringMacError) throw new ContainerError("wrong_password", "password", "The file password of this Bitwarden export is wrong.");
    throw damaged();
  }
  let plain: Uint8Array;
  try {
    plain = key.decryptBytes(header.data);
  } catch {
    // The password opened the validation value, so a failure here is a changed or cut `data`.
    throw damaged();
  }
  if (!isPlainBitwardenExport(plain)) throw damaged();
  return plain;
}

function readHeader(file: Uint8Array): Header {
  let document: unknown;
  try {
    document = JSON.parse(decodeText(file).text);
  } catch {
    throw new ContainerError("damaged", "file", "This Bitwarden export is not valid JSON (it may be truncated).");
  }
  const root = typeof document === "object" && document !== null ? (document as Record<string, unknown>) : {};
  const { salt, encKeyValidation_DO_NOT_EDIT: validation, data } = root;
  if (root.encrypted !== true || root.passwordProtected !== true || typeof salt !== "string" || salt === "" || typeof validation !== "string" || typeof data !== "string") {
    throw new ContainerError(
      "damaged",
      "file",
      "This is not a complete password-protected Bitwarden export: it needs encrypted, passwordProtected, salt, encKeyValidation_DO_NOT_EDIT and data.",
    );
  }
  const kdf = kdfOf(root);
  if (!kdf) {
    throw new ContainerError(
      "unsupported",
      "file",
      "This Bitwarden export's key-derivation settings (kdfType, kdfIterations, kdfMemory, kdfParallelism) are outside what Bitwarden itself allows: export it again from Bitwarden.",
    );
  }
  return { salt, kdf, validation, data };
}

function kdfOf(root: Record<string, unknown>): BitwardenKdf | null {
  const number = (value: unknown) => (typeof value === "number" ? value : NaN);
  const kdf: BitwardenKdf | null =
    root.kdfType === BITWARDEN_KDF_PBKDF2_SHA256
      ? { type: BITWARDEN_KDF_PBKDF2_SHA256, iterations: number(root.kdfIterations) }
      : root.kdfType === BITWARDEN_KDF_ARGON2ID
        ? { type: BITWARDEN_KDF_ARGON2ID, iterations: number(root.kdfIterations), memoryMiB: number(root.kdfMemory), parallelism: number(root.kdfParallelism) }
        : null;
  return kdf && bitwardenKdfInBounds(kdf) ? kdf : null;
}

/** What `data` must decrypt to: the unencrypted export, a JSON object with `"encrypted": false`. */
function isPlainBitwardenExport(plain: Uint8Array): boolean {
  try {
    const document: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plain));
    return typeof document === "object" && document !== null && (document as Record<string, unknown>).encrypted === false;
  } catch {
    return false;
  }
}

function damaged(): ContainerError {
  return new ContainerError("damaged", "file", "The Bitwarden export is damaged: its data does not match its checksum. Export it again.");
}
