import { roleProcedure, router } from "@/server/trpc";
import { exportAuditLog } from "@/server/services/audit/export-audit-log";
import { auditFiltersInput, listAuditActions, listAuditEvents, listAuditEventsInput } from "@/server/services/audit/list-audit-events";

const auditor = roleProcedure("auditor");

export const auditRouter = router({
  list: auditor.input(listAuditEventsInput).query(({ ctx, input }) => listAuditEvents(ctx.scope, input)),
  actions: auditor.query(({ ctx }) => listAuditActions(ctx.scope)),
});

/**
 * The audit log's CSV export, called in-process by its download route (server/api/audit-export.ts) rather than
 * mounted on /api/trpc: the route streams the file. Same rung as reading the log.
 */
export const auditExportRouter = router({
  prepare: auditor.input(auditFiltersInput).mutation(({ ctx, input }) => exportAuditLog(ctx.scope, input, ctx.tenant.slug)),
});
