import "server-only";
import { and, eq } from "drizzle-orm";
import { importStagedCredentials, imports } from "@/db/schema";
import type { ImportOptions, ImportPlan } from "@/lib/imports";
import { AppError, badInput } from "@/server/errors";
import { emitEvents } from "@/server/events/outbox";
import type { MemberScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { analyseImport, startRefusal } from "./analyse-import";
import { importStatus } from "./import-status";
import { loadImport, readUploadedRows } from "./uploaded-rows";

/**
 * Starts an import with the user's options: the file is analysed once more (a start never trusts an earlier dry run),
 * refused with the first reason when it cannot be imported, and otherwise its plan stored (new customers, contacts and
 * devices get their ids now) and its job queued with the import's id only. An import that failed or was cancelled may
 * be started again while its file is stored.
 */
export async function startImport(scope: MemberScope, input: { importId: string; options: ImportOptions }) {
  const row = await loadImport(scope, input.importId, { forUpdate: true });
  if (row.state !== "uploaded" && row.state !== "failed" && row.state !== "cancelled") {
    throw new AppError("CONFLICT", row.state === "completed" ? "This import is already complete." : "This import is already running.", "importId");
  }
  const analysis = await analyseImport(scope, await readUploadedRows(scope, row, input.options.format, input.options.parse), input.options, null);
  const refusal = startRefusal(analysis, input.options);
  if (refusal) throw badInput("options", refusal);
  const { userId, label, ip, userAgent } = scope.audit;
  const plan: ImportPlan = {
    options: input.options,
    actor: { userId: userId!, label, ip: ip ?? null, userAgent: userAgent ?? null },
    customers: analysis.customers,
    holders: analysis.holders,
  };
  // A failed run may have left staged rows behind: a new run starts from none.
  await scope.db.delete(importStagedCredentials).where(and(eq(importStagedCredentials.tenantId, scope.tenantId), eq(importStagedCredentials.importId, row.id)));
  const [started] = await scope.db
    .update(imports)
    .set({
      state: "queued",
      plan,
      format: input.options.format,
      totalRows: analysis.rows.length,
      stagedRows: 0,
      summary: null,
      error: null,
      startedAt: new Date(),
      finishedAt: null,
    })
    .where(and(eq(imports.tenantId, scope.tenantId), eq(imports.id, row.id)))
    .returning();
  await audit(scope, {
    action: "import.started",
    target: { type: "import", id: row.id },
    details: {
      fileName: row.fileName,
      format: input.options.format,
      rows: analysis.rows.length,
      badRows: analysis.badRows.length,
      duplicates: analysis.duplicates.length,
      duplicateAction: input.options.duplicates,
      skipBadRows: input.options.skipBadRows,
    },
  });
  await emitEvents(scope.db, [{ name: "vaultline/import.started", data: { tenantId: scope.tenantId, importId: row.id } }]);
  return importStatus(started!);
}
