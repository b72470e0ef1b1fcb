import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  credentialAccess,
  credentialAccessInput,
  credentialGroupSharesInput,
  customerSharesInput,
  listCredentialGroupShares,
  listCustomerShares,
  listGrantees,
  revokeShare,
  setCopyOnly,
  setCopyOnlyInput,
  shareCredential,
  shareCredentialGroup,
  shareCredentialGroupInput,
  shareCredentialInput,
  shareCustomer,
  shareCustomerInput,
  shareIdInput,
} from "@/server/services/sharing/shares";

const technician = roleProcedure("technician");

/**
 * Shares and the Access panel. Any member may call; the services require full permission on the shared thing
 * (admins and owners, or a full grant) to share, revoke or set copy-only, and never let a share exceed the sharer's level.
 */
export const sharingRouter = router({
  grantees: technician.query(({ ctx }) => listGrantees(ctx.scope)),
  shareCredential: tenantProcedure.input(shareCredentialInput).mutation(({ ctx, input }) => shareCredential(ctx.scope, input)),
  shareCustomer: tenantProcedure.input(shareCustomerInput).mutation(({ ctx, input }) => shareCustomer(ctx.scope, input)),
  shareCredentialGroup: tenantProcedure.input(shareCredentialGroupInput).mutation(({ ctx, input }) => shareCredentialGroup(ctx.scope, input)),
  credentialAccess: tenantProcedure.input(credentialAccessInput).query(({ ctx, input }) => credentialAccess(ctx.scope, input.credentialId)),
  listForCustomer: tenantProcedure.input(customerSharesInput).query(({ ctx, input }) => listCustomerShares(ctx.scope, input.customerId)),
  listForCredentialGroup: tenantProcedure
    .input(credentialGroupSharesInput)
    .query(({ ctx, input }) => listCredentialGroupShares(ctx.scope, input.credentialGroupId)),
  revoke: tenantProcedure.input(shareIdInput).mutation(({ ctx, input }) => revokeShare(ctx.scope, input.shareId)),
  setCopyOnly: tenantProcedure.input(setCopyOnlyInput).mutation(({ ctx, input }) => setCopyOnly(ctx.scope, input)),
});
