import { router, tenantProcedure } from "@/server/trpc";
import { searchHolders, searchHoldersInput } from "@/server/services/vault/holder-search";

/** ⌘K: the customers, contacts and devices a member may see, by name (passwords come from credentials.quickSearch). */
export const searchRouter = router({
  holders: tenantProcedure.input(searchHoldersInput).query(({ ctx, input }) => searchHolders(ctx.scope, input)),
});
