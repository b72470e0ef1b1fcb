import { z } from "zod";
import { roleProcedure, router, secretProcedure, tenantProcedure } from "@/server/trpc";
import {
  createCredentialInput,
  credentialIdInput,
  listCredentialsInput,
  locateCredentialInput,
  quickSearchCredentialsInput,
  revealInput,
  updateCredentialInput,
} from "@/server/services/vault/credential-input";
import { credentialHistory, getCredential, listCredentials, locateCredential, quickSearchCredentials } from "@/server/services/vault/credential-queries";
import { listCredentialTags } from "@/server/services/vault/credential-search";
import { credentialTotpCode, revealCredentialField, revealCredentialVersion } from "@/server/services/vault/credential-reveals";
import {
  createCredential,
  deleteCredential,
  purgeCredential,
  restoreCredential,
  updateCredential,
} from "@/server/services/vault/credential-writes";

const technician = roleProcedure("technician");
const auditor = roleProcedure("auditor");
const admin = roleProcedure("admin");
/**
 * Credentials. The rungs are the floor; the services apply the per-credential rule table (lib/permissions.ts):
 * restricted technicians see only what is shared, shares lift auditors and read-only members to view.
 * Admins restore, purge and reveal old versions.
 */
export const credentialsRouter = router({
  list: tenantProcedure
    .input(listCredentialsInput.omit({ deleted: true }))
    .query(({ ctx, input }) => listCredentials(ctx.scope, { ...input, deleted: false })),
  /** ⌘K: the first few matches of a term, without a total. */
  quickSearch: tenantProcedure.input(quickSearchCredentialsInput).query(({ ctx, input }) => quickSearchCredentials(ctx.scope, input)),
  locate: tenantProcedure.input(locateCredentialInput).query(({ ctx, input }) => locateCredential(ctx.scope, input)),
  /** The tags on the passwords the member sees, for the tag filter. */
  tags: tenantProcedure.query(({ ctx }) => listCredentialTags(ctx.scope)),
  trash: admin
    .input(listCredentialsInput.omit({ deleted: true, target: true }))
    .query(({ ctx, input }) => listCredentials(ctx.scope, { ...input, deleted: true })),
  get: tenantProcedure.input(credentialIdInput).query(({ ctx, input }) => getCredential(ctx.scope, input.id)),
  create: technician.input(createCredentialInput).mutation(({ ctx, input }) => createCredential(ctx.scope, input)),
  update: technician.input(updateCredentialInput).mutation(({ ctx, input }) => updateCredential(ctx.scope, input)),
  // Any role: a share can let auditors and read-only members view; the service decides.
  reveal: secretProcedure().input(revealInput).mutation(({ ctx, input }) => revealCredentialField(ctx.scope, input)),
  totpCode: secretProcedure().input(credentialIdInput).mutation(({ ctx, input }) => credentialTotpCode(ctx.scope, input.id)),
  delete: technician.input(credentialIdInput).mutation(({ ctx, input }) => deleteCredential(ctx.scope, input.id)),
  restore: admin.input(credentialIdInput).mutation(({ ctx, input }) => restoreCredential(ctx.scope, input.id)),
  purge: admin.input(credentialIdInput).mutation(({ ctx, input }) => purgeCredential(ctx.scope, input.id)),
  history: auditor.input(credentialIdInput).query(({ ctx, input }) => credentialHistory(ctx.scope, input.id)),
  revealVersion: secretProcedure("admin")
    .input(credentialIdInput.extend({ version: z.number().int().positive() }))
    .mutation(({ ctx, input }) => revealCredentialVersion(ctx.scope, input)),
});
