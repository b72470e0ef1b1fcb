"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { AuthenticationCodeField } from "@/components/account/authentication-code-field";
import { provePasskey } from "@/components/auth/passkey-ceremony";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { RadioChoices } from "@/components/export/radio-choices";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LoadingBlock } from "@/components/ui/loading-block";
import { TextField } from "@/components/ui/text-field";
import { answerReconfirm, isReconfirmOpen, subscribeReconfirm } from "./reconfirm-request";

type Method = "password" | "totp" | "passkey";

const methodLabels: Record<Method, string> = {
  password: "Your account password",
  totp: "A code from your authenticator app",
  passkey: "A passkey",
};

/**
 * "Confirm it is you", opened by the tRPC client when a workspace wants a recent confirmation before a secret
 * (lib/reconfirm.ts). Closing it gives up: the reveal or copy that asked fails with the server's words.
 */
export function ReconfirmDialog() {
  const open = useSyncExternalStore(subscribeReconfirm, isReconfirmOpen, () => false);
  return (
    <Dialog
      open={open}
      onClose={() => answerReconfirm(false)}
      title="Confirm it is you"
      description="This workspace asks again after a while before passwords are shown or copied."
    >
      <ReconfirmForm />
    </Dialog>
  );
}

function ReconfirmForm() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const account = me.data;
  const methods = account
    ? (["password", "totp", "passkey"] as const).filter((m) => (m === "password" ? account.hasPassword : m === "totp" ? account.totpEnabledAt !== null : account.hasPasskey))
    : [];
  const [chosen, setChosen] = useState<Method | null>(null);
  const method = chosen ?? methods[0] ?? null;
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const reconfirm = useMutation(trpc.account.reconfirm.mutationOptions({ onSuccess: () => answerReconfirm(true) }));
  const passkeyOptions = useMutation(trpc.account.reconfirmPasskeyOptions.mutationOptions());

  if (me.isPending) return <LoadingBlock label="Loading your sign-in methods…" />;
  if (!account || !method) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">Your account signs in through your organisation&rsquo;s identity provider. Sign in again to continue.</p>
        <SignOutButton variant="primary" />
      </div>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPasskeyError(null);
    if (method === "password") return reconfirm.mutate({ confirmation: { method, password } }, { onSettled: () => setPassword("") });
    if (method === "totp") return reconfirm.mutate({ confirmation: { method, code } }, { onSettled: () => setCode("") });
    const options = await passkeyOptions.mutateAsync().catch(() => null);
    if (!options) return;
    const proof = await provePasskey(options);
    if (!proof.ok) return setPasskeyError(proof.error);
    reconfirm.mutate({ confirmation: { method: "passkey", passkey: proof.response } });
  }

  const errors = fieldErrorsOf(reconfirm.error);
  const fieldError = errors["confirmation.password"] ?? errors["confirmation.code"] ?? errors["confirmation.passkey"];
  const formError = fieldError ? null : (formMessageOf(reconfirm.error) ?? formMessageOf(passkeyOptions.error) ?? passkeyError);
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      {methods.length > 1 ? (
        <RadioChoices<Method>
          name="reconfirm-method"
          legend="Confirm with"
          value={method}
          onChange={(m) => (setChosen(m), reconfirm.reset())}
          choices={methods.map((m) => ({ value: m, label: methodLabels[m] }))}
        />
      ) : null}
      {method === "password" ? (
        <TextField
          id="reconfirm-password"
          label="Your account password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError}
          data-autofocus
          required
        />
      ) : method === "totp" ? (
        <AuthenticationCodeField id="reconfirm-code" value={code} onChange={setCode} error={fieldError} />
      ) : (
        <p className="text-sm text-slate-700">{fieldError ?? "Your browser will ask for one of your passkeys."}</p>
      )}
      <FormError message={formError} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => answerReconfirm(false)}>
          Cancel
        </Button>
        <Button type="submit" pending={reconfirm.isPending || passkeyOptions.isPending}>
          {method === "passkey" ? "Use a passkey" : "Confirm"}
        </Button>
      </div>
    </form>
  );
}
