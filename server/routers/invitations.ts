import { authedProcedure, publicProcedure, router } from "@/server/trpc";
import {
  acceptAsNewUserInput,
  acceptInvitation,
  acceptInvitationAsNewUser,
  invitationTokenInput,
  previewInvitation,
} from "@/server/services/team/invitations";

/** The invitee's side: look at an invitation, accept it with an existing account or a new one. */
export const invitationsRouter = router({
  preview: publicProcedure.input(invitationTokenInput).query(({ input }) => previewInvitation(input.token)),
  acceptAsNewUser: publicProcedure
    .input(acceptAsNewUserInput)
    .mutation(({ ctx, input }) => acceptInvitationAsNewUser(input, ctx.meta)),
  accept: authedProcedure.input(invitationTokenInput).mutation(({ ctx, input }) => acceptInvitation(input.token, ctx.user, ctx.meta)),
});
