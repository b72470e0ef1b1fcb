import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { imports } from "@/db/schema";
import { badInput } from "@/server/errors";
import { looksLikeBitwardenProtected, openBitwardenProtected } from "@/server/import/containers/bitwarden-protected";
import { readKdbx } from "@/server/import/containers/kdbx";
import { looksLikeZip, readZipResourceFile } from "@/server/import/containers/zip";
import type { ImportedRow } from "@/server/import/entry";
import { detectImportFormat, type ImportFormatCandidate } from "@/server/import/formats";
import { IMPORT_MAX_BYTES } from "@/server/import/limits";
import type { MemberScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { KDBX_FORMAT, storeUpload } from "./uploaded-rows";

/*
 * An upload: the file arrives through app/api/imports/[tenant] (multipart, up to 100 MB), which calls the
 * `imports.upload` procedure in process with its bytes. A ZIP is opened here (with its password, if it has one) and
 * its resource file kept; a KeePass database is opened here (master password and/or key file) and its entries
 * kept; a password-protected Bitwarden export is decrypted here and the plain export inside kept. Those passwords
 * serve this one request: they are never stored, logged or audited.
 */

const bytes = (field: string) => z.custom<Uint8Array>((value) => value instanceof Uint8Array, { error: `${field} must be a file.` });

export const uploadImportInput = z.object({
  fileName: z.string({ error: "File name is required." }).trim().min(1, "File name is required.").max(255, "File name must be at most 255 characters."),
  bytes: bytes("The upload"),
  /** A ZIP's, KeePass database's or password-protected Bitwarden export's password. */
  password: z.string().max(1024, "Password must be at most 1,024 characters.").optional(),
  keyFile: bytes("The key file").optional(),
  /** The file to read inside a ZIP, when it holds several (default: the first CSV, TSV or TXT). */
  innerFileName: z.string().trim().max(500, "File name must be at most 500 characters.").optional(),
});

/** KeePass 2.x files (KDBX 3.1 and 4) open with these eight bytes. */
const KDBX_SIGNATURE = [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5];
const looksLikeKdbx = (file: Uint8Array) => KDBX_SIGNATURE.every((byte, i) => file[i] === byte);

type Opened = {
  content: Uint8Array | ImportedRow[];
  source: "file" | "entries";
  container: "zip" | "kdbx" | "bitwarden" | null;
  innerFileName: string | null;
  candidates: ImportFormatCandidate[];
};

async function openUpload(input: z.infer<typeof uploadImportInput>): Promise<Opened> {
  const file = input.bytes;
  if (looksLikeKdbx(file)) {
    const rows = await readKdbx(file, { password: input.password || undefined, keyFile: input.keyFile });
    return { content: rows, source: "entries", container: "kdbx", innerFileName: null, candidates: [{ ...KDBX_FORMAT, confidence: 1 }] };
  }
  if (looksLikeZip(file)) {
    const inner = await readZipResourceFile(file, { password: input.password || undefined, fileName: input.innerFileName || undefined });
    const candidates = detectImportFormat(inner.name, inner.bytes);
    return { content: inner.bytes, source: "file", container: "zip", innerFileName: inner.name, candidates };
  }
  if (looksLikeBitwardenProtected(file)) {
    // Stored as the plain export it holds (sealed like every upload); the file password served this request only.
    const plain = await openBitwardenProtected(file, input.password || undefined);
    return { content: plain, source: "file", container: "bitwarden", innerFileName: null, candidates: detectImportFormat(input.fileName, plain) };
  }
  return { content: file, source: "file", container: null, innerFileName: null, candidates: detectImportFormat(input.fileName, file) };
}

/**
 * Stores an uploaded file sealed under the tenant's key, with the format it most likely is, and audits the upload
 * (file name and size, no content). Returns the new import and the formats the file may be, most likely first.
 */
export async function uploadImport(scope: MemberScope, input: z.infer<typeof uploadImportInput>) {
  const size = input.bytes.byteLength;
  if (size === 0) throw badInput("file", "The file is empty: there is nothing to import.");
  if (size > IMPORT_MAX_BYTES) {
    throw badInput("file", `The file is ${Math.ceil(size / 1024 / 1024)} MB; one import takes at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into several files.`);
  }
  const opened = await openUpload(input);
  const id = randomUUID();
  const format = opened.candidates[0]?.id ?? null;
  await scope.db.insert(imports).values({
    tenantId: scope.tenantId,
    id,
    fileName: input.fileName,
    fileBytes: size,
    source: opened.source,
    container: opened.container,
    innerFileName: opened.innerFileName,
    format,
    createdBy: scope.member.userId,
  });
  await storeUpload(scope, id, opened.content);
  await audit(scope, {
    action: "import.uploaded",
    target: { type: "import", id },
    details: { fileName: input.fileName, bytes: size, container: opened.container, innerFileName: opened.innerFileName, format },
  });
  return { importId: id, format, candidates: opened.candidates };
}
