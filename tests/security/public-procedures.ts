/**
 * The committed allowlist of tRPC procedures that answer without a session. Adding a public procedure means
 * adding it here, on purpose, in review; the authorization test fails for any other.
 */
export const PUBLIC_PROCEDURES = [
  "auth.signUp",
  "auth.confirmSignUp",
  "auth.startLogin",
  "auth.requestPasswordReset",
  "auth.resetPassword",
  "auth.verifyEmail",
  "invitations.preview",
  "invitations.acceptAsNewUser",
] as const;
