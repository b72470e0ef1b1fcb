import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import { resetMemberTwoFactor } from "@/server/services/auth/two-factor";
import {
  invitationIdInput,
  inviteInput,
  inviteMember,
  listPendingInvitations,
  revokeInvitation,
} from "@/server/services/team/invitations";
import {
  changeMemberRole,
  changeRoleInput,
  deactivateMember,
  listMembers,
  membershipIdInput,
  reactivateMember,
} from "@/server/services/team/members";

const admin = roleProcedure("admin");

export const teamRouter = router({
  members: tenantProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.tenant.tenantId)),
  invitations: admin.query(({ ctx }) => listPendingInvitations(ctx.db, ctx.tenant.tenantId)),
  invite: admin
    .input(inviteInput)
    .mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.tenant.tenantId, ctx.member, ctx.audit, input, ctx.afterCommit)),
  revokeInvitation: admin
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.tenant.tenantId, ctx.audit, input.invitationId)),
  changeRole: admin
    .input(changeRoleInput)
    .mutation(({ ctx, input }) => changeMemberRole(ctx.db, ctx.tenant.tenantId, ctx.member, ctx.audit, input)),
  deactivate: admin
    .input(membershipIdInput)
    .mutation(({ ctx, input }) => deactivateMember(ctx.db, ctx.tenant.tenantId, ctx.member, ctx.audit, input.membershipId)),
  reactivate: admin
    .input(membershipIdInput)
    .mutation(({ ctx, input }) => reactivateMember(ctx.db, ctx.tenant.tenantId, ctx.member, ctx.audit, input.membershipId)),
  resetTwoFactor: roleProcedure("owner")
    .input(membershipIdInput)
    .mutation(({ ctx, input }) =>
      resetMemberTwoFactor(ctx.db, ctx.tenant.tenantId, ctx.member, ctx.audit, input.membershipId, ctx.afterCommit),
    ),
});
