import { ssoSettingsInput } from "@/lib/sso";
import { getSsoSettings, updateSsoSettings } from "@/server/services/sso/sso-settings";
import { roleProcedure, router } from "@/server/trpc";

const admin = roleProcedure("admin");

export const ssoRouter = router({
  settings: admin.query(({ ctx }) => getSsoSettings(ctx.scope)),
  update: admin.input(ssoSettingsInput).mutation(({ ctx, input }) => updateSsoSettings(ctx.scope, input)),
});
