import { requestsToDecide } from "@/server/services/access/requests";
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
  // What every page's shell needs: the resolved membership, and one count for the Approvals badge.
  summary: tenantProcedure.query(async ({ ctx }) => ({
    name: ctx.tenant.tenantName,
    slug: ctx.tenant.slug,
    role: ctx.scope.member.role,
    terminology: ctx.tenant.settings.terminology,
    requestsToDecide: await requestsToDecide(ctx.scope),
  })),
  home: tenantProcedure.query(({ ctx }) => workspaceHome(ctx.scope, ctx.tenant.twoFactorEnabled)),
  settings: admin.query(({ ctx }) => getTenantSettings(ctx.scope)),
  updateSettings: admin.input(updateSettingsInput).mutation(({ ctx, input }) => updateTenantSettings(ctx.scope, input)),
  outbox: admin.input(listOutboxInput).query(({ ctx, input }) => listOutbox(ctx.scope, input)),
});
