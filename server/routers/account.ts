import { authedProcedure, router } from "@/server/trpc";
import { changePassword, changePasswordInput } from "@/server/services/auth/change-password";
import { sendVerificationEmail } from "@/server/services/auth/email-verification";
import { listMySessions, revokeMySession, revokeSessionInput } from "@/server/services/auth/my-sessions";
import {
  backupCodesLeft,
  beginTotpEnrolment,
  confirmTotpEnrolment,
  confirmTotpInput,
  disableTotp,
  disableTotpInput,
  regenerateBackupCodes,
  regenerateBackupCodesInput,
} from "@/server/services/auth/two-factor";
import {
  beginPasskeyRegistration,
  listMyPasskeys,
  registerPasskey,
  registerPasskeyInput,
  removePasskey,
  removePasskeyInput,
  renamePasskey,
  renamePasskeyInput,
} from "@/server/services/auth/passkeys";
import { setEmailCodes, setEmailCodesInput } from "@/server/services/auth/email-codes";
import { confirmationPasskeyOptionsFor, reconfirmInput, reconfirmSession } from "@/server/services/auth/reconfirm";
import { listMyWorkspaces, myAccount } from "@/server/services/tenants/workspaces";

/** The signed-in user's own account: profile, workspaces, password, two-factor and passkeys, sessions. */
export const accountRouter = router({
  me: authedProcedure.query(({ ctx }) => myAccount(ctx.user.id)),
  workspaces: authedProcedure.query(({ ctx }) => listMyWorkspaces(ctx.user.id)),
  resendVerification: authedProcedure.mutation(({ ctx }) => sendVerificationEmail(ctx.user.id)),
  beginTotp: authedProcedure.mutation(({ ctx }) => beginTotpEnrolment(ctx.user)),
  confirmTotp: authedProcedure
    .input(confirmTotpInput)
    .mutation(({ ctx, input }) => confirmTotpEnrolment(ctx.user, input, ctx.meta)),
  disableTotp: authedProcedure.input(disableTotpInput).mutation(({ ctx, input }) => disableTotp(ctx.user, input, ctx.meta)),
  regenerateBackupCodes: authedProcedure
    .input(regenerateBackupCodesInput)
    .mutation(({ ctx, input }) => regenerateBackupCodes(ctx.user, input, ctx.meta)),
  backupCodesLeft: authedProcedure.query(({ ctx }) => backupCodesLeft(ctx.user.id)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.user, input, ctx.meta, ctx.afterResponse)),
  setEmailCodes: authedProcedure.input(setEmailCodesInput).mutation(({ ctx, input }) => setEmailCodes(ctx.user, input, ctx.meta)),
  /** Confirming it is them again before secrets (workspaces that ask after a while; lib/reconfirm.ts). */
  confirmationPasskeyOptions: authedProcedure.mutation(({ ctx }) => confirmationPasskeyOptionsFor(ctx.user)),
  reconfirm: authedProcedure.input(reconfirmInput).mutation(({ ctx, input }) => reconfirmSession(ctx.user, input, ctx.meta)),
  passkeys: authedProcedure.query(({ ctx }) => listMyPasskeys(ctx.user.id)),
  beginPasskeyRegistration: authedProcedure.mutation(({ ctx }) => beginPasskeyRegistration(ctx.user)),
  registerPasskey: authedProcedure
    .input(registerPasskeyInput)
    .mutation(({ ctx, input }) => registerPasskey(ctx.user, input, ctx.meta)),
  renamePasskey: authedProcedure.input(renamePasskeyInput).mutation(({ ctx, input }) => renamePasskey(ctx.user, input, ctx.meta)),
  removePasskey: authedProcedure.input(removePasskeyInput).mutation(({ ctx, input }) => removePasskey(ctx.user, input, ctx.meta)),
  sessions: authedProcedure.query(({ ctx }) => listMySessions(ctx.user.id, ctx.user.sessionId)),
  revokeSession: authedProcedure
    .input(revokeSessionInput)
    .mutation(({ ctx, input }) => revokeMySession(ctx.user, input.sessionId, ctx.meta)),
});
