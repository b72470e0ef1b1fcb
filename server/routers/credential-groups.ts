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
  list: admin.query(({ ctx }) => listCredentialGroups(ctx.scope)),
  get: admin.input(credentialGroupIdInput).query(({ ctx, input }) => getCredentialGroup(ctx.scope, input.credentialGroupId)),
  preview: admin.input(previewCriteriaInput).query(({ ctx, input }) => previewCriteria(ctx.scope, input.criteria)),
  create: admin.input(createCredentialGroupInput).mutation(({ ctx, input }) => createCredentialGroup(ctx.scope, input)),
  update: admin.input(updateCredentialGroupInput).mutation(({ ctx, input }) => updateCredentialGroup(ctx.scope, input)),
  delete: admin.input(credentialGroupIdInput).mutation(({ ctx, input }) => deleteCredentialGroup(ctx.scope, input.credentialGroupId)),
  addCredentials: admin.input(credentialGroupCredentialsInput).mutation(({ ctx, input }) => addCredentialsToGroup(ctx.scope, input)),
  removeCredential: admin.input(credentialGroupCredentialInput).mutation(({ ctx, input }) => removeCredentialFromGroup(ctx.scope, input)),
});
