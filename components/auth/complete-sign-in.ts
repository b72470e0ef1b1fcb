import { signIn } from "next-auth/react";
import type { PasskeyAssertion } from "@/lib/passkeys";

export type SignInOutcome = { ok: true } | { ok: false; error: string };

/** What the last sign-in step sends: the password step's challenge with a code or passkey, or a passkey alone. */
export type SignInProof = { challenge: string; code?: string; passkey?: PasskeyAssertion } | { passkey: PasskeyAssertion };

/**
 * The last step of sign-in, through next-auth's credentials provider: exchanges the challenge from auth.startLogin
 * (plus the authentication code or a passkey's assertion, when the account has two-factor on), or a passwordless
 * passkey's assertion, for a session cookie.
 */
export async function completeSignIn(proof: SignInProof): Promise<SignInOutcome> {
  // URLSearchParams would send an undefined field as the text "undefined": leave the key out instead.
  const credentials: Record<string, string> = {};
  if ("challenge" in proof) credentials.challenge = proof.challenge;
  if ("code" in proof && proof.code) credentials.code = proof.code;
  if (proof.passkey) credentials.passkey = JSON.stringify(proof.passkey);
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
