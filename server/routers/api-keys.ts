import { apiKeyIdInput, apiKeyLimitsInput, createApiKeyInput, rotateApiKeyInput } from "@/lib/api-keys";
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey, setApiKeyLimits } from "@/server/services/api-keys/manage-api-keys";
import { roleProcedure, router } from "@/server/trpc";

const admin = roleProcedure("admin");

/** API keys for the REST API (Settings → API keys): admins only. */
export const apiKeysRouter = router({
  list: admin.query(({ ctx }) => listApiKeys(ctx.scope)),
  create: admin.input(createApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx.scope, input)),
  setLimits: admin.input(apiKeyLimitsInput).mutation(({ ctx, input }) => setApiKeyLimits(ctx.scope, input)),
  revoke: admin.input(apiKeyIdInput).mutation(({ ctx, input }) => revokeApiKey(ctx.scope, input.id)),
  rotate: admin.input(rotateApiKeyInput).mutation(({ ctx, input }) => rotateApiKey(ctx.scope, input)),
});
