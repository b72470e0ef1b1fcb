import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  getTenantSettings,
  listOutbox,
  listOutboxInput,
  updateSettingsInput,
  updateTenantSettings,
  workspaceSummary,
} from "@/server/services/tenants/workspaces";

const admin = roleProcedure("admin");

export const workspaceRouter = router({
  summary: tenantProcedure.query(async ({ ctx }) => ({
    name: ctx.tenant.tenantName,
    slug: ctx.tenant.slug,
    role: ctx.scope.member.role,
    terminology: ctx.tenant.settings.terminology,
    counts: await workspaceSummary(ctx.scope),
  })),
  settings: admin.query(({ ctx }) => getTenantSettings(ctx.scope)),
  updateSettings: admin.input(updateSettingsInput).mutation(({ ctx, input }) => updateTenantSettings(ctx.scope, input)),
  outbox: admin.input(listOutboxInput).query(({ ctx, input }) => listOutbox(ctx.scope, input)),
});
