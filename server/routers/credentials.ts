import { z } from "zod";
import type { MemberRole } from "@/lib/validation";
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

const technician = roleProcedure("technician");
const auditor = roleProcedure("auditor");
const admin = roleProcedure("admin");
const actorOf = (ctx: { member: { userId: string; role: MemberRole } }) => ({ userId: ctx.member.userId, role: ctx.member.role });

/** Credentials: everyone sees metadata; technicians reveal and edit; admins restore, purge and open history. */
export const credentialsRouter = router({
  list: tenantProcedure
    .input(listCredentialsInput.omit({ deleted: true }))
    .query(({ ctx, input }) => listCredentials(ctx.db, ctx.tenant.tenantId, { ...input, deleted: false })),
  trash: admin
    .input(listCredentialsInput.omit({ deleted: true, target: true }))
    .query(({ ctx, input }) => listCredentials(ctx.db, ctx.tenant.tenantId, { ...input, deleted: true })),
  get: tenantProcedure.input(credentialIdInput).query(({ ctx, input }) => getCredential(ctx.db, ctx.tenant.tenantId, input.id)),
  create: technician
    .input(createCredentialInput)
    .mutation(({ ctx, input }) => createCredential(ctx.db, ctx.tenant.tenantId, actorOf(ctx), ctx.audit, input)),
  update: technician
    .input(updateCredentialInput)
    .mutation(({ ctx, input }) => updateCredential(ctx.db, ctx.tenant.tenantId, actorOf(ctx), ctx.audit, input)),
  reveal: technician
    .input(revealInput)
    .mutation(({ ctx, input }) => revealCredentialField(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  totpCode: technician
    .input(credentialIdInput)
    .mutation(({ ctx, input }) => credentialTotpCode(ctx.db, ctx.tenant.tenantId, ctx.audit, input.id)),
  delete: technician
    .input(credentialIdInput)
    .mutation(({ ctx, input }) => deleteCredential(ctx.db, ctx.tenant.tenantId, actorOf(ctx), ctx.audit, input.id)),
  restore: admin
    .input(credentialIdInput)
    .mutation(({ ctx, input }) => restoreCredential(ctx.db, ctx.tenant.tenantId, actorOf(ctx), ctx.audit, input.id)),
  purge: admin.input(credentialIdInput).mutation(({ ctx, input }) => purgeCredential(ctx.db, ctx.tenant.tenantId, ctx.audit, input.id)),
  history: auditor.input(credentialIdInput).query(({ ctx, input }) => credentialHistory(ctx.db, ctx.tenant.tenantId, input.id)),
  revealVersion: admin
    .input(credentialIdInput.extend({ version: z.number().int().positive() }))
    .mutation(({ ctx, input }) => revealCredentialVersion(ctx.db, ctx.tenant.tenantId, ctx.audit, input.id, input.version)),
});
