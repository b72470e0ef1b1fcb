"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { SecondFactor } from "@/lib/passkeys";
import type { SignInProof } from "./complete-sign-in";
import { provePasskey } from "./passkey-ceremony";

const SECOND_FACTOR = /^(\d{6}|[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})$/;

type Props = {
  challenge: string;
  factors: SecondFactor[];
  /** Signs in with the proof; resolves to the error to show, or null once signed in. */
  onProof: (proof: SignInProof) => Promise<string | null>;
  pending: boolean;
  error: string | null;
  onCancel: () => void;
};

/**
 * The sign-in's second step: the user's passkey, or the code from their authenticator app, a backup code, or a code
 * emailed on request.
 */
export function SecondFactorStep({ challenge, factors, onProof, pending, error, onCancel }: Props) {
  const trpc = useTRPC();
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const passkeyOptions = useMutation(trpc.auth.passkeySecondFactorOptions.mutationOptions());
  const emailCode = useMutation(trpc.auth.sendEmailCode.mutationOptions());
  const [proving, setProving] = useState(false);

  async function provePasskeyFactor() {
    setPasskeyError(null);
    setProving(true);
    try {
      const options = await passkeyOptions.mutateAsync({ challenge });
      const outcome = await provePasskey(options);
      setPasskeyError(outcome.ok ? await onProof({ challenge, passkey: outcome.response }) : outcome.error);
    } catch (failure) {
      // The options request failed (its tRPC error's message is written for users).
      setPasskeyError(formMessageOf(failure as ErrorLike) ?? "The passkey request failed. Try again.");
    } finally {
      setProving(false);
    }
  }

  async function onCodeStep(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const normalized = code.trim().toLowerCase();
    if (!SECOND_FACTOR.test(normalized)) {
      setCodeError("Enter the 6-digit code or a backup code (xxxx-xxxx-xxxx).");
      codeRef.current?.focus();
      return;
    }
    setCodeError(null);
    const failed = await onProof({ challenge, code: normalized });
    if (failed) {
      setCodeError(failed);
      codeRef.current?.focus();
    }
  }

  const hasPasskey = factors.includes("passkey");
  const hasTotp = factors.includes("totp");
  const hasEmail = factors.includes("email");
  // The code field: for the authenticator app's codes and backup codes, or once a code has been emailed.
  const asksCode = hasTotp || emailCode.isSuccess;
  return (
    <div className="space-y-4">
      <FormError message={error} />
      {hasPasskey ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">Confirm it is you with the passkey or security key you added to your account.</p>
          <FormError message={passkeyError} />
          <Button className="w-full" variant={hasTotp ? "secondary" : "primary"} pending={proving || (pending && !code)} onClick={() => void provePasskeyFactor()} autoFocus>
            Use a passkey
          </Button>
        </div>
      ) : null}
      {hasEmail ? (
        <div className="space-y-3">
          {emailCode.data ? (
            <p className="text-sm text-slate-600" role="status">
              We sent a code to {emailCode.data.sentTo}. It works for {emailCode.data.minutes} minutes.
            </p>
          ) : null}
          <FormError message={formMessageOf(emailCode.error)} />
          <Button className="w-full" variant={hasTotp || hasPasskey ? "secondary" : "primary"} pending={emailCode.isPending} onClick={() => emailCode.mutate({ challenge })}>
            {emailCode.isSuccess ? "Email me another code" : "Email me a code"}
          </Button>
        </div>
      ) : null}
      {asksCode ? (
        <form noValidate onSubmit={onCodeStep} className="space-y-4">
          <p className="text-sm text-slate-600">
            {hasTotp
              ? `${hasPasskey ? "Or enter" : "Open your authenticator app and enter"} the 6-digit code for Vaultline${hasEmail ? ", the code we emailed you" : ""}, or one of your backup codes.`
              : "Enter the 6-digit code we emailed you."}
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
            error={codeError ?? undefined}
            hint="6 digits, or a backup code like abcd-efgh-ijkl"
            autoFocus={!hasPasskey}
            required
          />
          <Button type="submit" pending={pending && Boolean(code)} className="w-full">
            Verify
          </Button>
        </form>
      ) : null}
      <button
        type="button"
        className="w-full rounded-md text-center text-sm text-slate-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
        onClick={onCancel}
      >
        Use a different account
      </button>
    </div>
  );
}
