import { roleProcedure, router } from "@/server/trpc";
import { listAuditActions, listAuditEvents, listAuditEventsInput } from "@/server/services/audit/list-audit-events";

const auditor = roleProcedure("auditor");

export const auditRouter = router({
  list: auditor.input(listAuditEventsInput).query(({ ctx, input }) => listAuditEvents(ctx.scope, input)),
  actions: auditor.query(({ ctx }) => listAuditActions(ctx.scope)),
});
