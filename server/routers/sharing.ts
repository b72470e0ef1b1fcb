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
import { viewerOf } from "./viewer";

const technician = roleProcedure("technician");

/**
 * Shares and the Access panel. Any member may call; the services require full permission on the shared thing
 * (admins and owners, or a full grant) to share, revoke or set copy-only, and never let a share exceed the sharer's level.
 */
export const sharingRouter = router({
  grantees: technician.query(({ ctx }) => listGrantees(ctx.db, ctx.tenant.tenantId)),
  shareCredential: tenantProcedure
    .input(shareCredentialInput)
    .mutation(({ ctx, input }) => shareCredential(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  shareCustomer: tenantProcedure
    .input(shareCustomerInput)
    .mutation(({ ctx, input }) => shareCustomer(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  shareCredentialGroup: tenantProcedure
    .input(shareCredentialGroupInput)
    .mutation(({ ctx, input }) => shareCredentialGroup(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  credentialAccess: tenantProcedure
    .input(credentialAccessInput)
    .query(({ ctx, input }) => credentialAccess(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.credentialId)),
  listForCustomer: tenantProcedure
    .input(customerSharesInput)
    .query(({ ctx, input }) => listCustomerShares(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.customerId)),
  listForCredentialGroup: tenantProcedure
    .input(credentialGroupSharesInput)
    .query(({ ctx, input }) => listCredentialGroupShares(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.credentialGroupId)),
  revoke: tenantProcedure
    .input(shareIdInput)
    .mutation(({ ctx, input }) => revokeShare(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.shareId)),
  setCopyOnly: tenantProcedure
    .input(setCopyOnlyInput)
    .mutation(({ ctx, input }) => setCopyOnly(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
});
