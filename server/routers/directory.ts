import { directorySettingsInput } from "@/lib/directory";
import { getDirectorySettings, testDirectoryConnection, updateDirectorySettings } from "@/server/services/directory/directory-settings";
import { syncDirectory } from "@/server/services/directory/directory-sync";
import { roleProcedure, router } from "@/server/trpc";

const admin = roleProcedure("admin");

export const directoryRouter = router({
  settings: admin.query(({ ctx }) => getDirectorySettings(ctx.scope)),
  update: admin.input(directorySettingsInput).mutation(({ ctx, input }) => updateDirectorySettings(ctx.scope, input)),
  testConnection: admin.input(directorySettingsInput).mutation(({ ctx, input }) => testDirectoryConnection(ctx.scope, input)),
  syncNow: admin.mutation(({ ctx }) => syncDirectory(ctx.scope)),
});
