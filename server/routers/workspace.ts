import { requestsToDecide } from "@/server/services/access/requests";
import { myExportAccess } from "@/server/services/export/export-permission";
import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  getTenantSettings,
  listOutbox,
  listOutboxInput,
  updateSettingsInput,
  updateTenantSettings,
  workspaceHome,
} from "@/server/services/tenants/workspaces";

const admin = roleProcedure("admin");

export const workspaceRouter = router({
  // What every page's shell needs: the resolved membership, one count for the Approvals badge, and whether the member
  // may export (the Export link and button; the export page asks exports.access for the reason too).
  summary: tenantProcedure.query(async ({ ctx }) => {
    const [toDecide, exportVerdict] = await Promise.all([requestsToDecide(ctx.scope), myExportAccess(ctx.scope)]);
    return {
      name: ctx.tenant.tenantName,
      slug: ctx.tenant.slug,
      role: ctx.scope.member.role,
      terminology: ctx.tenant.settings.terminology,
      requestsToDecide: toDecide,
      mayExport: exportVerdict.allowed,
    };
  }),
  home: tenantProcedure.query(({ ctx }) => workspaceHome(ctx.scope, ctx.tenant.twoFactorEnabled)),
  settings: admin.query(({ ctx }) => getTenantSettings(ctx.scope)),
  updateSettings: admin.input(updateSettingsInput).mutation(({ ctx, input }) => updateTenantSettings(ctx.scope, input)),
  outbox: admin.input(listOutboxInput).query(({ ctx, input }) => listOutbox(ctx.scope, input)),
});
