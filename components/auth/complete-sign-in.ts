import { signIn } from "next-auth/react";

export type SignInOutcome = { ok: true } | { ok: false; error: string };

/**
 * Step 2 of sign-in: exchanges the challenge from auth.startLogin (plus the authentication code, when the
 * account has two-factor on) for a session cookie through next-auth's credentials provider.
 */
export async function completeSignIn(challenge: string, code?: string): Promise<SignInOutcome> {
  // URLSearchParams would send an undefined code as the text "undefined": leave the key out instead.
  const credentials: Record<string, string> = code ? { challenge, code } : { challenge };
  try {
    const res = await signIn("credentials", { ...credentials, redirect: false });
    if (!res) return { ok: false, error: "Sign-in did not complete. Please try again." };
    if (res.error) {
      // Our authorize() errors are written for users; next-auth's own codes are not.
      const readable = res.error === "CredentialsSignin" || res.error === "Callback" ? "Sign-in failed. Please try again." : res.error;
      return { ok: false, error: readable };
    }
    return { ok: true };
  } catch {
    return { ok: false, error: "Could not reach the server. Check your connection and try again." };
  }
}
