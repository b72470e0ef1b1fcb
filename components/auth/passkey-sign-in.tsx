"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import type { SignInProof } from "./complete-sign-in";
import { provePasskey } from "./passkey-ceremony";

/**
 * "Sign in with a passkey": passwordless, with any passkey this browser or a security key holds for Vaultline; the
 * passkey names the account. Sign-in failures from the server are shown by the form around it.
 */
export function PasskeySignIn({ onProof, disabled }: { onProof: (proof: SignInProof) => Promise<string | null>; disabled: boolean }) {
  const trpc = useTRPC();
  const options = useMutation(trpc.auth.passkeySignInOptions.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const [proving, setProving] = useState(false);

  async function signIn() {
    setError(null);
    setProving(true);
    try {
      const outcome = await provePasskey(await options.mutateAsync());
      if (outcome.ok) setError(await onProof({ passkey: outcome.response }));
      else setError(outcome.error);
    } catch (failure) {
      // The options request failed (its tRPC error's message is written for users).
      setError(formMessageOf(failure as ErrorLike) ?? "Passkey sign-in could not start. Try again.");
    } finally {
      setProving(false);
    }
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <Button variant="secondary" className="w-full" pending={proving} disabled={disabled} onClick={() => void signIn()}>
        Sign in with a passkey
      </Button>
    </div>
  );
}
