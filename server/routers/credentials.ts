import { z } from "zod";
import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  createCredentialInput,
  credentialIdInput,
  listCredentialsInput,
  revealInput,
  updateCredentialInput,
} from "@/server/services/vault/credential-input";
import {
  createCredential,
  credentialHistory,
  credentialTotpCode,
  deleteCredential,
  getCredential,
  listCredentials,
  purgeCredential,
  restoreCredential,
  revealCredentialField,
  revealCredentialVersion,
  updateCredential,
} from "@/server/services/vault/credentials";
import { viewerOf } from "./viewer";

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
    .query(({ ctx, input }) => listCredentials(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), { ...input, deleted: false })),
  trash: admin
    .input(listCredentialsInput.omit({ deleted: true, target: true }))
    .query(({ ctx, input }) => listCredentials(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), { ...input, deleted: true })),
  get: tenantProcedure.input(credentialIdInput).query(({ ctx, input }) => getCredential(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.id)),
  create: technician
    .input(createCredentialInput)
    .mutation(({ ctx, input }) => createCredential(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  update: technician
    .input(updateCredentialInput)
    .mutation(({ ctx, input }) => updateCredential(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  // Any role: a share can let auditors and read-only members view; the service decides.
  reveal: tenantProcedure
    .input(revealInput)
    .mutation(({ ctx, input }) => revealCredentialField(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  totpCode: tenantProcedure
    .input(credentialIdInput)
    .mutation(({ ctx, input }) => credentialTotpCode(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.id)),
  delete: technician
    .input(credentialIdInput)
    .mutation(({ ctx, input }) => deleteCredential(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.id)),
  restore: admin
    .input(credentialIdInput)
    .mutation(({ ctx, input }) => restoreCredential(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.id)),
  purge: admin.input(credentialIdInput).mutation(({ ctx, input }) => purgeCredential(ctx.db, ctx.tenant.tenantId, ctx.audit, input.id)),
  history: auditor.input(credentialIdInput).query(({ ctx, input }) => credentialHistory(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.id)),
  revealVersion: admin
    .input(credentialIdInput.extend({ version: z.number().int().positive() }))
    .mutation(({ ctx, input }) => revealCredentialVersion(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.id, input.version)),
});
