import { roleProcedure, router } from "@/server/trpc";
import {
  addCredentialsToGroup,
  createCredentialGroup,
  createCredentialGroupInput,
  credentialGroupCredentialInput,
  credentialGroupCredentialsInput,
  credentialGroupIdInput,
  deleteCredentialGroup,
  getCredentialGroup,
  listCredentialGroups,
  previewCriteria,
  previewCriteriaInput,
  removeCredentialFromGroup,
  updateCredentialGroup,
  updateCredentialGroupInput,
} from "@/server/services/sharing/credential-groups";

const admin = roleProcedure("admin");

/** Credential groups (static: hand-picked; dynamic: by criteria) are set up by admins; sharing them is in sharing.*. */
export const credentialGroupsRouter = router({
  list: admin.query(({ ctx }) => listCredentialGroups(ctx.db, ctx.tenant.tenantId)),
  get: admin.input(credentialGroupIdInput).query(({ ctx, input }) => getCredentialGroup(ctx.db, ctx.tenant.tenantId, input.credentialGroupId)),
  preview: admin.input(previewCriteriaInput).query(({ ctx, input }) => previewCriteria(ctx.db, ctx.tenant.tenantId, input.criteria)),
  create: admin
    .input(createCredentialGroupInput)
    .mutation(({ ctx, input }) => createCredentialGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  update: admin
    .input(updateCredentialGroupInput)
    .mutation(({ ctx, input }) => updateCredentialGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  delete: admin
    .input(credentialGroupIdInput)
    .mutation(({ ctx, input }) => deleteCredentialGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input.credentialGroupId)),
  addCredentials: admin
    .input(credentialGroupCredentialsInput)
    .mutation(({ ctx, input }) => addCredentialsToGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  removeCredential: admin
    .input(credentialGroupCredentialInput)
    .mutation(({ ctx, input }) => removeCredentialFromGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
});
