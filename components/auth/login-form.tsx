"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { safeCallbackUrl } from "@/components/forms/safe-callback-url";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { linkClasses } from "@/components/ui/link-classes";
import { TextField } from "@/components/ui/text-field";
import type { SecondFactor } from "@/lib/passkeys";
import { completeSignIn, type SignInProof } from "./complete-sign-in";
import { PasskeySignIn } from "./passkey-sign-in";
import { SecondFactorStep } from "./second-factor-step";

/**
 * Two steps: email + password (auth.startLogin), then, with two-factor on, a passkey or the authentication code. Or
 * one: a passkey alone (passwordless).
 */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  // What was cached while signed out (or as someone else) must not leak into the new session.
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pendingStep, setPendingStep] = useState<{ challenge: string; factors: SecondFactor[] } | null>(null);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [signInError, setSignInError] = useState<string | null>(initialError ?? null);
  const [signingIn, setSigningIn] = useState(false);
  const startLogin = useMutation(trpc.auth.startLogin.mutationOptions());
  const destination = safeCallbackUrl(callbackUrl);

  /** Signs in with the proof; the error to show beside what was entered, or null once on the way in. */
  async function finish(proof: SignInProof): Promise<string | null> {
    setSigningIn(true);
    setSignInError(null);
    const outcome = await completeSignIn(proof);
    if (outcome.ok) {
      queryClient.clear();
      router.push(destination);
      return null;
    }
    setSigningIn(false);
    // A used-up or expired challenge means the password must be entered again.
    if (/password again/i.test(outcome.error) || !("challenge" in proof)) {
      setPendingStep(null);
      setSignInError(outcome.error);
      return null;
    }
    return outcome.error;
  }

  async function onPasswordStep(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInError(null);
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = "Email is required.";
    if (!password) errors.password = "Password is required.";
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      const result = await startLogin.mutateAsync({ email, password });
      if (result.secondFactors.length > 0) {
        setPendingStep({ challenge: result.challenge, factors: result.secondFactors });
        setPassword("");
      } else {
        const failed = await finish({ challenge: result.challenge });
        if (failed) setSignInError(failed);
      }
    } catch {
      // Shown from startLogin.error.
    }
  }

  if (pendingStep) {
    return (
      <SecondFactorStep
        challenge={pendingStep.challenge}
        factors={pendingStep.factors}
        onProof={finish}
        pending={signingIn}
        error={signInError}
        onCancel={() => {
          setPendingStep(null);
          setSignInError(null);
        }}
      />
    );
  }

  const errors = { ...fieldErrorsOf(startLogin.error), ...clientErrors };
  return (
    <div className="space-y-4">
      <form noValidate onSubmit={onPasswordStep} className="space-y-4">
        <TextField
          id="login-email"
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
        <TextField
          id="login-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <div className="-mt-2 text-right">
          <Link href="/forgot-password" className={`text-sm ${linkClasses}`}>
            Forgot password?
          </Link>
        </div>
        <FormError message={signInError ?? formMessageOf(startLogin.error)} />
        <Button type="submit" pending={startLogin.isPending || signingIn} className="w-full">
          Sign in
        </Button>
      </form>
      <PasskeySignIn onProof={finish} disabled={signingIn} />
    </div>
  );
}
