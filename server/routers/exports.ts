import { exportRequestInput } from "@/lib/export";
import { wakeOutboxReader } from "@/server/events/outbox";
import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import { exportPermissionOverview, myExportAccess, setExportPermission, setExportPermissionInput } from "@/server/services/export/export-permission";
import { prepareExport } from "@/server/services/export/prepare-export";

/** Who may export (issue #13): any member asks about themselves; admins see everyone's; owners change it. */
export const exportsRouter = router({
  access: tenantProcedure.query(({ ctx }) => myExportAccess(ctx.scope)),
  permissions: roleProcedure("admin").query(({ ctx }) => exportPermissionOverview(ctx.scope)),
  setPermission: roleProcedure("owner").input(setExportPermissionInput).mutation(({ ctx, input }) => setExportPermission(ctx.scope, input)),
});

/**
 * The export itself, called in-process by the download route (server/api/export-download.ts) and never mounted on
 * /api/trpc: its answer holds every exported secret in the clear, which only the file written from it may carry.
 * It stands on the same rung as every workspace procedure (session, membership, required two-factor).
 */
export const exportDownloadRouter = router({
  prepare: tenantProcedure.input(exportRequestInput).mutation(async ({ ctx, input }) => {
    const prepared = await prepareExport(ctx.scope, input, ctx.tenant.slug);
    // The owners' notification is queued: start it now rather than at the engine's next poll.
    if (prepared.kind === "ready") ctx.scope.afterCommit(wakeOutboxReader);
    return prepared;
  }),
});
