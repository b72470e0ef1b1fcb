import "server-only";
import { gunzipSync, gzipSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { importUploads, imports } from "@/db/schema";
import { openTenantBytes, tenantSealer, type FieldRef } from "@/server/crypto";
import type { ParseOptions } from "@/lib/imports";
import { AppError, badInput, notFound } from "@/server/errors";
import type { ImportedRow } from "@/server/import/entry";
import { getImportFormat, IMPORT_FORMATS, type ImportRowStream } from "@/server/import/formats";
import { splitFolder } from "@/server/import/formats/types";
import { decodeImportFile } from "@/server/import/read-import-file";
import type { TenantScope } from "@/server/scope";

/*
 * An import's file, sealed in import_uploads and read back: the bytes of a file (parsed again with the chosen format
 * by every request and job step that needs its rows: nothing parsed is ever stored), or, for a KeePass database,
 * whose password is used once at upload, the entries read out of it.
 */

export type ImportRow = typeof imports.$inferSelect;

/** Where the upload is sealed: bound to its import, so it opens nowhere else. */
const uploadRef = (importId: string): FieldRef => ({ table: "import_uploads", rowId: importId, field: "content" });

/** The format id of entries read out of a KeePass database (not a file format of the registry). */
export const KDBX_FORMAT = { id: "kdbx", label: "KeePass database (KDBX)" } as const;

/**
 * Seals what was uploaded into import_uploads, in the caller's transaction. Compressed first: exports are text that
 * shrinks 4–8 times, which keeps the stored row, and every read of it (each preview, dry run and job step), small.
 */
export async function storeUpload(scope: TenantScope, importId: string, content: Uint8Array | ImportedRow[]) {
  const bytes = content instanceof Uint8Array ? content : new TextEncoder().encode(JSON.stringify(content));
  const seal = await tenantSealer(scope.db, scope.tenantId);
  await scope.db.insert(importUploads).values({ tenantId: scope.tenantId, id: importId, content: seal.bytes(uploadRef(importId), gzipSync(bytes)) });
}

/** One import of the tenant, NOT_FOUND otherwise (another tenant's answers the same). */
export async function loadImport(scope: TenantScope, importId: string, options: { forUpdate?: boolean } = {}): Promise<ImportRow> {
  const query = scope.db
    .select()
    .from(imports)
    .where(and(eq(imports.tenantId, scope.tenantId), eq(imports.id, importId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("Import");
  return row;
}

/**
 * The rows of the import's file, read with `formatId` as they are asked for (each `read()` reads the file anew, so
 * a big file is never held parsed in full), and how that format splits a folder into its levels.
 */
export type UploadedRows = { read: () => ImportRowStream; folderSegments: (folder: string) => string[] };

/** The upload's bytes as uploaded (a file), or the JSON of the entries read out of a KeePass database. */
export async function openUpload(scope: TenantScope, row: ImportRow): Promise<Uint8Array> {
  const [upload] = await scope.db
    .select({ content: importUploads.content })
    .from(importUploads)
    .where(and(eq(importUploads.tenantId, scope.tenantId), eq(importUploads.id, row.id)));
  if (!upload) throw new AppError("CONFLICT", "This import's file is no longer stored (it finished or expired): upload it again.", "importId");
  return gunzipSync(await openTenantBytes(scope.db, scope.tenantId, uploadRef(row.id), upload.content));
}

/**
 * Opens the sealed upload and reads its rows with `formatId` (and, for a generic CSV, `parse`: its columns). A file
 * that cannot be read is BAD_REQUEST on `file` (or `mapping`), saying why.
 */
export async function readUploadedRows(scope: TenantScope, row: ImportRow, formatId: string, parse: ParseOptions = {}): Promise<UploadedRows> {
  const bytes = await openUpload(scope, row);
  if (row.source === "entries") {
    return { read: () => ({ rows: JSON.parse(new TextDecoder().decode(bytes)) as ImportedRow[], problems: [] }), folderSegments: (folder) => splitFolder(folder) };
  }
  const format = getImportFormat(formatId);
  if (!format) throw badInput("format", `Choose one of the formats listed (${IMPORT_FORMATS.length} are known).`);
  // Checked once for every read (each decodes it anew); the first read here, so a file the format cannot open at all is
  // refused first.
  const file = decodeImportFile(bytes);
  let first: ImportRowStream | null = file.stream(format, parse);
  const read = () => {
    const stream = first ?? file.stream(format, parse);
    first = null;
    return stream;
  };
  return { read, folderSegments: (folder) => format.folderSegments(folder) };
}
