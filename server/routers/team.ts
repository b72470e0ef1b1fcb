import { WORKSPACE_RULES } from "@/lib/permissions";
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
const inviter = roleProcedure(WORKSPACE_RULES.inviteMembers.minRole);

export const teamRouter = router({
  members: tenantProcedure.query(({ ctx }) => listMembers(ctx.scope)),
  invitations: inviter.query(({ ctx }) => listPendingInvitations(ctx.scope)),
  invite: inviter.input(inviteInput).mutation(({ ctx, input }) => inviteMember(ctx.scope, input)),
  revokeInvitation: inviter.input(invitationIdInput).mutation(({ ctx, input }) => revokeInvitation(ctx.scope, input.invitationId)),
  changeRole: admin.input(changeRoleInput).mutation(({ ctx, input }) => changeMemberRole(ctx.scope, input)),
  deactivate: admin.input(membershipIdInput).mutation(({ ctx, input }) => deactivateMember(ctx.scope, input.membershipId)),
  reactivate: admin.input(membershipIdInput).mutation(({ ctx, input }) => reactivateMember(ctx.scope, input.membershipId)),
  resetTwoFactor: roleProcedure("owner")
    .input(membershipIdInput)
    .mutation(({ ctx, input }) => resetMemberTwoFactor(ctx.scope, input.membershipId)),
});
