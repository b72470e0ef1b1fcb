"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { safeCallbackUrl } from "@/components/forms/safe-callback-url";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { linkClasses } from "@/components/ui/link-classes";
import { TextField } from "@/components/ui/text-field";
import { completeSignIn } from "./complete-sign-in";

const SECOND_FACTOR = /^(\d{6}|[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})$/;

/** Two steps: email + password (auth.startLogin), then, with two-factor on, the authentication code. */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  // What was cached while signed out (or as someone else) must not leak into the new session.
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [challenge, setChallenge] = useState<string | null>(null);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [signInError, setSignInError] = useState<string | null>(initialError ?? null);
  const [signingIn, setSigningIn] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const startLogin = useMutation(trpc.auth.startLogin.mutationOptions());
  const destination = safeCallbackUrl(callbackUrl);

  async function finish(currentChallenge: string, secondFactor?: string) {
    setSigningIn(true);
    const outcome = await completeSignIn(currentChallenge, secondFactor);
    if (outcome.ok) {
      queryClient.clear();
      router.push(destination);
      return;
    }
    setSigningIn(false);
    // A used-up or expired challenge means the password must be entered again.
    if (/password again/i.test(outcome.error)) {
      setChallenge(null);
      setCode("");
      setSignInError(outcome.error);
    } else if (secondFactor) {
      setClientErrors({ code: outcome.error });
      codeRef.current?.focus();
    } else {
      setSignInError(outcome.error);
    }
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
      if (result.needsTotp) {
        setChallenge(result.challenge);
        setPassword("");
        requestAnimationFrame(() => codeRef.current?.focus());
      } else {
        await finish(result.challenge);
      }
    } catch {
      // Shown from startLogin.error.
    }
  }

  async function onCodeStep(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!challenge) return;
    setSignInError(null);
    const normalized = code.trim().toLowerCase();
    if (!SECOND_FACTOR.test(normalized)) {
      setClientErrors({ code: "Enter the 6-digit code or a backup code (xxxx-xxxx-xxxx)." });
      codeRef.current?.focus();
      return;
    }
    setClientErrors({});
    await finish(challenge, normalized);
  }

  if (challenge) {
    return (
      <form noValidate onSubmit={onCodeStep} className="space-y-4">
        <p className="text-sm text-slate-600">
          Open your authenticator app and enter the 6-digit code for Vaultline, or one of your backup codes.
        </p>
        <TextField
          ref={codeRef}
          id="login-code"
          label="Authentication code"
          inputMode="text"
          autoComplete="one-time-code"
          autoCapitalize="off"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={clientErrors.code}
          hint="6 digits, or a backup code like abcd-efgh-ijkl"
          required
        />
        <FormError message={signInError} />
        <Button type="submit" pending={signingIn} className="w-full">
          Verify
        </Button>
        <button
          type="button"
          className="w-full rounded-md text-center text-sm text-slate-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
          onClick={() => {
            setChallenge(null);
            setCode("");
            setClientErrors({});
          }}
        >
          Use a different account
        </button>
      </form>
    );
  }

  const errors = { ...fieldErrorsOf(startLogin.error), ...clientErrors };
  return (
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
  );
}
