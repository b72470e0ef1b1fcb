import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import { getMyPreferences, updateMyPreferences, updatePreferencesInput } from "@/server/services/notifications/preferences";
import {
  createRule,
  createRuleInput,
  deleteRule,
  listRules,
  ruleIdInput,
  ruleRecipientOptions,
  setRuleEnabled,
  setRuleEnabledInput,
  updateRule,
  updateRuleInput,
} from "@/server/services/notifications/rules";

const admin = roleProcedure("admin");

export const notificationsRouter = router({
  rules: admin.query(({ ctx }) => listRules(ctx.db, ctx.tenant.tenantId)),
  recipientOptions: admin.query(({ ctx }) => ruleRecipientOptions(ctx.db, ctx.tenant.tenantId)),
  createRule: admin
    .input(createRuleInput)
    .mutation(({ ctx, input }) => createRule(ctx.db, ctx.tenant.tenantId, ctx.audit, ctx.member.userId, input)),
  updateRule: admin.input(updateRuleInput).mutation(({ ctx, input }) => updateRule(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  setRuleEnabled: admin
    .input(setRuleEnabledInput)
    .mutation(({ ctx, input }) => setRuleEnabled(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  deleteRule: admin.input(ruleIdInput).mutation(({ ctx, input }) => deleteRule(ctx.db, ctx.tenant.tenantId, ctx.audit, input.ruleId)),
  myPreferences: tenantProcedure.query(({ ctx }) => getMyPreferences(ctx.db, ctx.tenant.tenantId, ctx.member.userId)),
  updateMyPreferences: tenantProcedure
    .input(updatePreferencesInput)
    .mutation(({ ctx, input }) => updateMyPreferences(ctx.db, ctx.tenant.tenantId, ctx.audit, ctx.member.userId, input)),
});
