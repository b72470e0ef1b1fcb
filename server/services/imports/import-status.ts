import "server-only";
import { desc, eq } from "drizzle-orm";
import { imports } from "@/db/schema";
import { getImportFormat } from "@/server/import/formats";
import type { TenantScope } from "@/server/scope";
import { loadImport, KDBX_FORMAT, type ImportRow } from "./uploaded-rows";

/** What the import pages show of an import: never its plan's ids beyond what the summary links to. */
export function importStatus(row: ImportRow) {
  const running = row.state === "queued" || row.state === "staging" || row.state === "publishing";
  return {
    id: row.id,
    fileName: row.fileName,
    fileBytes: row.fileBytes,
    container: row.container,
    innerFileName: row.innerFileName,
    format: row.format,
    formatLabel: row.format ? (row.format === KDBX_FORMAT.id ? KDBX_FORMAT.label : (getImportFormat(row.format)?.label ?? row.format)) : null,
    state: row.state,
    running,
    totalRows: row.totalRows,
    stagedRows: row.stagedRows,
    /** 0–100: staging is the long part; publishing (one transaction) shows as 100 until it completes. */
    progress: row.state === "completed" ? 100 : row.totalRows > 0 ? Math.floor((row.stagedRows / row.totalRows) * 100) : 0,
    summary: row.state === "completed" ? row.summary : null,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
export type ImportStatus = ReturnType<typeof importStatus>;

/** One import's state and progress (polled by the progress bar). */
export async function getImport(scope: TenantScope, importId: string): Promise<ImportStatus> {
  return importStatus(await loadImport(scope, importId));
}

/** The tenant's latest imports, newest first, so a page left mid-import finds it again. */
export async function listImports(scope: TenantScope): Promise<ImportStatus[]> {
  const rows = await scope.db.select().from(imports).where(eq(imports.tenantId, scope.tenantId)).orderBy(desc(imports.createdAt)).limit(20);
  return rows.map(importStatus);
}
