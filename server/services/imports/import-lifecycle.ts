import "server-only";
import { and, eq, inArray, lt } from "drizzle-orm";
import { importStagedCredentials, importUploads, imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { loadImport } from "./uploaded-rows";

/*
 * How imports end besides completing: cancelled or discarded by the user, failed by their job, or cleaned up when
 * abandoned. Each leaves no staged row behind; only a completed or discarded import lets go of its sealed file at once
 * (a failed or cancelled one may be started again, until the daily clean-up).
 */

/** How long an upload that was not imported (or failed) keeps its sealed file. */
export const UPLOAD_KEPT_DAYS = 7;
/** A running import that made no progress for this long has lost its job for good. */
const STALLED_HOURS = 24;
const SYSTEM = { userId: null, label: "system" };

const clearStaging = (scope: TenantScope, importIds: string[]) =>
  scope.db.delete(importStagedCredentials).where(and(eq(importStagedCredentials.tenantId, scope.tenantId), inArray(importStagedCredentials.importId, importIds)));

/** Deletes an import that is not running or done (its sealed file with it), audited. */
export async function discardImport(scope: TenantScope, importId: string): Promise<void> {
  const row = await loadImport(scope, importId, { forUpdate: true });
  if (row.state !== "uploaded" && row.state !== "failed" && row.state !== "cancelled") {
    throw new AppError("CONFLICT", row.state === "completed" ? "This import is complete; it stays in the history." : "This import is running: wait for it to end.", "importId");
  }
  await scope.db.delete(imports).where(and(eq(imports.tenantId, scope.tenantId), eq(imports.id, importId)));
  await audit(scope, { action: "import.discarded", target: { type: "import", id: importId }, details: { fileName: row.fileName } });
}

/**
 * Cancels a running import before it publishes: its staging is discarded and nothing of it is written; the file stays
 * (it may be started again until the daily clean-up). The import row's lock orders this with the job: a staging batch
 * holds it while it writes and stops at the next batch, and publishing takes it first, after which it is too late.
 * Audited. Returns the import's state afterwards.
 */
export async function cancelImport(scope: TenantScope, importId: string): Promise<{ state: "cancelled" }> {
  const row = await loadImport(scope, importId, { forUpdate: true });
  if (row.state === "publishing" || row.state === "completed") {
    throw new AppError("CONFLICT", "Too late to cancel: this import is already publishing its passwords. Delete them afterwards if they are unwanted.", "importId");
  }
  if (row.state !== "queued" && row.state !== "staging") throw new AppError("CONFLICT", `This import is not running (it is ${row.state}).`, "importId");
  await clearStaging(scope, [importId]);
  await scope.db
    .update(imports)
    .set({ state: "cancelled", error: null, finishedAt: new Date() })
    .where(and(eq(imports.tenantId, scope.tenantId), eq(imports.id, importId)));
  await audit(scope, {
    action: "import.cancelled",
    target: { type: "import", id: importId },
    details: { fileName: row.fileName, stagedRows: row.stagedRows, totalRows: row.totalRows },
  });
  return { state: "cancelled" };
}

/**
 * Marks an import failed with `reason` (a message for the user: the job's errors never quote the file) and removes
 * whatever it staged. Nothing was published: publishing is one transaction. A completed import stays completed.
 */
export async function failImport(tenantId: string, importId: string, reason: string): Promise<{ state: string }> {
  return withTenantScope(tenantId, SYSTEM, async (scope) => {
    const row = await loadImport(scope, importId, { forUpdate: true });
    if (row.state === "completed" || row.state === "cancelled") return { state: row.state };
    const error = reason.split("\n")[0]!.slice(0, 500);
    await clearStaging(scope, [importId]);
    await scope.db.update(imports).set({ state: "failed", error, finishedAt: new Date() }).where(and(eq(imports.tenantId, tenantId), eq(imports.id, importId)));
    await audit(scope, { action: "import.failed", target: { type: "import", id: importId }, details: { fileName: row.fileName, error } });
    return { state: "failed" };
  });
}

/**
 * The daily clean-up of one tenant: imports stuck running for a day are failed (their staging removed), and files of
 * imports not completed within UPLOAD_KEPT_DAYS are deleted (the import stays listed, and can no longer start).
 */
export async function cleanUpImports(tenantId: string, now = new Date()): Promise<{ failed: number; filesDeleted: number }> {
  return withTenantScope(tenantId, SYSTEM, async (scope) => {
    const stalled = await scope.db
      .update(imports)
      .set({ state: "failed", error: "The import stopped making progress and was abandoned; nothing was imported. Start it again.", finishedAt: now })
      .where(and(eq(imports.tenantId, tenantId), inArray(imports.state, ["queued", "staging", "publishing"]), lt(imports.updatedAt, new Date(now.getTime() - STALLED_HOURS * 3_600_000))))
      .returning({ id: imports.id });
    if (stalled.length > 0) await clearStaging(scope, stalled.map((s) => s.id));
    for (const { id } of stalled) await audit(scope, { action: "import.failed", target: { type: "import", id }, details: { error: "abandoned" } });
    const expired = scope.db
      .select({ id: imports.id })
      .from(imports)
      .where(and(eq(imports.tenantId, tenantId), inArray(imports.state, ["uploaded", "failed", "cancelled"]), lt(imports.createdAt, new Date(now.getTime() - UPLOAD_KEPT_DAYS * 86_400_000))));
    const deleted = await scope.db
      .delete(importUploads)
      .where(and(eq(importUploads.tenantId, tenantId), inArray(importUploads.id, expired)))
      .returning({ id: importUploads.id });
    return { failed: stalled.length, filesDeleted: deleted.length };
  });
}
