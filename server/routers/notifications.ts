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
  rules: admin.query(({ ctx }) => listRules(ctx.scope)),
  recipientOptions: admin.query(({ ctx }) => ruleRecipientOptions(ctx.scope)),
  createRule: admin.input(createRuleInput).mutation(({ ctx, input }) => createRule(ctx.scope, input)),
  updateRule: admin.input(updateRuleInput).mutation(({ ctx, input }) => updateRule(ctx.scope, input)),
  setRuleEnabled: admin.input(setRuleEnabledInput).mutation(({ ctx, input }) => setRuleEnabled(ctx.scope, input)),
  deleteRule: admin.input(ruleIdInput).mutation(({ ctx, input }) => deleteRule(ctx.scope, input.ruleId)),
  myPreferences: tenantProcedure.query(({ ctx }) => getMyPreferences(ctx.scope)),
  updateMyPreferences: tenantProcedure.input(updatePreferencesInput).mutation(({ ctx, input }) => updateMyPreferences(ctx.scope, input)),
});
