"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { AuthenticationCodeField } from "@/components/account/authentication-code-field";
import { provePasskey } from "@/components/auth/passkey-ceremony";
import { RadioChoices } from "@/components/export/radio-choices";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { TextField } from "@/components/ui/text-field";
import type { FreshConfirmation } from "@/lib/reconfirm";

type Method = FreshConfirmation["method"];

/** What an account can confirm with, as `account.me` describes it. */
export type ConfirmingAccount = { hasPassword: boolean; totpEnabledAt: Date | null; hasPasskey: boolean };

const methodLabels: Record<Method, string> = {
  password: "Your account password",
  totp: "A code from your authenticator app",
  passkey: "A passkey",
};

export function confirmationMethods(account: ConfirmingAccount): Method[] {
  return (["password", "totp", "passkey"] as const).filter((m) =>
    m === "password" ? account.hasPassword : m === "totp" ? account.totpEnabledAt !== null : account.hasPasskey,
  );
}

/**
 * "It is you at the keyboard" (lib/reconfirm.ts) as a form gathers it: the chosen way among those the account has,
 * what was typed, and `take()`, which gives the confirmation to send (running the browser's passkey prompt for a
 * passkey) and forgets what was typed. Used before an export and when a workspace asks again before secrets.
 */
export function useConfirmation(account: ConfirmingAccount) {
  const trpc = useTRPC();
  const methods = confirmationMethods(account);
  const [chosen, setChosen] = useState<Method | null>(null);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const passkeyOptions = useMutation(trpc.account.confirmationPasskeyOptions.mutationOptions());
  const method = chosen && methods.includes(chosen) ? chosen : (methods[0] ?? null);

  async function take(): Promise<FreshConfirmation | null> {
    setPasskeyError(null);
    if (method === "password") return (setPassword(""), { method, password });
    if (method === "totp") return (setCode(""), { method, code });
    if (method !== "passkey") return null;
    const options = await passkeyOptions.mutateAsync().catch(() => null);
    if (!options) return null;
    const proof = await provePasskey(options);
    if (!proof.ok) return (setPasskeyError(proof.error), null);
    return { method, passkey: proof.response };
  }

  return {
    methods,
    method,
    choose: setChosen,
    password,
    setPassword,
    code,
    setCode,
    take,
    pending: passkeyOptions.isPending,
    /** Why the passkey could not be asked for or given (the browser's prompt, or the options request). */
    problem: passkeyError ?? formMessageOf(passkeyOptions.error),
  };
}

export type Confirmation = ReturnType<typeof useConfirmation>;

/** The choice of way (when there are several) and its field; `errors` are the server's, by field name. */
export function ConfirmationFields({ idPrefix, confirmation, errors }: { idPrefix: string; confirmation: Confirmation; errors: Record<string, string | undefined> }) {
  const { methods, method } = confirmation;
  return (
    <div className="space-y-4">
      {methods.length > 1 && method ? (
        <RadioChoices<Method>
          name={`${idPrefix}-method`}
          legend="Confirm with"
          value={method}
          onChange={confirmation.choose}
          choices={methods.map((m) => ({ value: m, label: methodLabels[m] }))}
        />
      ) : null}
      {method === "password" ? (
        <TextField
          id={`${idPrefix}-password`}
          label="Your account password"
          type="password"
          autoComplete="current-password"
          value={confirmation.password}
          onChange={(e) => confirmation.setPassword(e.target.value)}
          error={errors["confirmation.password"]}
          className="max-w-sm"
          data-autofocus
          required
        />
      ) : method === "totp" ? (
        <AuthenticationCodeField id={`${idPrefix}-code`} value={confirmation.code} onChange={confirmation.setCode} error={errors["confirmation.code"]} />
      ) : method === "passkey" ? (
        <p className="text-sm text-slate-700" role={errors["confirmation.passkey"] ? "alert" : undefined}>
          {errors["confirmation.passkey"] ?? "Your browser will ask for one of your passkeys."}
        </p>
      ) : null}
    </div>
  );
}
