import { publicProcedure, router } from "@/server/trpc";
import { verifyEmail } from "@/server/services/auth/email-verification";
import { sendEmailCodeInput, sendLoginEmailCode } from "@/server/services/auth/email-codes";
import { startLogin, startLoginInput } from "@/server/services/auth/login";
import { passkeySecondFactorOptions, passkeySecondFactorOptionsInput, passkeySignInOptions } from "@/server/services/auth/passkey-login";
import {
  requestPasswordReset,
  requestPasswordResetInput,
  resetPassword,
  resetPasswordInput,
} from "@/server/services/auth/password-reset";
import { confirmSignUp, confirmSignUpInput, signUp, signUpInput } from "@/server/services/auth/sign-up";
import { z } from "zod";
import { zToken } from "@/lib/validation";

/** Everything before a session exists. The second login step is next-auth's credentials sign-in. */
export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(input, ctx.meta, ctx.afterResponse)),
  confirmSignUp: publicProcedure.input(confirmSignUpInput).mutation(({ ctx, input }) => confirmSignUp(input, ctx.meta)),
  startLogin: publicProcedure.input(startLoginInput).mutation(({ ctx, input }) => startLogin(input, ctx.meta)),
  // The WebAuthn options for the browser; the assertion itself is exchanged for a session by next-auth's sign-in.
  passkeySignInOptions: publicProcedure.mutation(() => passkeySignInOptions()),
  passkeySecondFactorOptions: publicProcedure
    .input(passkeySecondFactorOptionsInput)
    .mutation(({ input }) => passkeySecondFactorOptions(input)),
  /** Emails a code for the open sign-in (accounts with sign-in codes by email on). */
  sendEmailCode: publicProcedure.input(sendEmailCodeInput).mutation(({ ctx, input }) => sendLoginEmailCode(input, ctx.meta)),
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(({ ctx, input }) => requestPasswordReset(input, ctx.meta, ctx.afterResponse)),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(input, ctx.meta)),
  verifyEmail: publicProcedure
    .input(z.object({ token: zToken }))
    .mutation(({ ctx, input }) => verifyEmail(input.token, ctx.meta)),
});
