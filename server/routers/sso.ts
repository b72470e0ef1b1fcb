import { samlSettingsInput, ssoSettingsInput } from "@/lib/sso";
import { updateSamlSettings } from "@/server/services/sso/saml-settings";
import { getSsoSettings, updateSsoSettings } from "@/server/services/sso/sso-settings";
import { roleProcedure, router } from "@/server/trpc";

const admin = roleProcedure("admin");

export const ssoRouter = router({
  settings: admin.query(({ ctx }) => getSsoSettings(ctx.scope)),
  update: admin.input(ssoSettingsInput).mutation(({ ctx, input }) => updateSsoSettings(ctx.scope, input)),
  updateSaml: admin.input(samlSettingsInput).mutation(({ ctx, input }) => updateSamlSettings(ctx.scope, input)),
});
