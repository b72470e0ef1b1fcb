"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { completeSignIn } from "./complete-sign-in";

/**
 * The last step once an account exists (a confirmed sign-up, an accepted invitation): signs in with the password
 * just entered, both login steps, and opens the workspace. `error` says what failed; the account is ready by then,
 * so `ready` ("Your account is ready") starts the message.
 */
export function useSignInToWorkspace(ready: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const startLogin = useMutation(trpc.auth.startLogin.mutationOptions());
  const [finishing, setFinishing] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);

  async function signInTo(workspace: { email: string; slug: string }, password: string) {
    setSignInError(null);
    setFinishing(true);
    try {
      const { challenge } = await startLogin.mutateAsync({ email: workspace.email, password });
      const outcome = await completeSignIn({ challenge });
      if (!outcome.ok) {
        setFinishing(false);
        setSignInError(`${ready}, but signing you in failed: ${outcome.error} Please sign in.`);
        return;
      }
      router.push(`/${workspace.slug}`);
    } catch {
      // startLogin's error is part of `error`.
      setFinishing(false);
    }
  }

  return { signInTo, pending: startLogin.isPending || finishing, error: signInError ?? formMessageOf(startLogin.error) };
}
