"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { AuthenticationCodeField } from "./authentication-code-field";

type Enrolment = { qrSvg: string; secret: string; uri: string };

/** Scan (or type) the secret, then prove it works with a first code; returns the backup codes. */
export function TotpEnrolment({ enrolment, onConfirmed, onCancel }: { enrolment: Enrolment; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const confirm = useMutation(
    trpc.account.confirmTotp.mutationOptions({
      onSuccess: async ({ backupCodes }) => {
        onConfirmed(backupCodes);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.account.me.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.account.backupCodesLeft.queryKey() }),
        ]);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(value)) return setClientError("Code must be the 6 digits shown in your authenticator app.");
    setClientError(null);
    confirm.mutate({ code: value });
  }

  // The server renders the QR code as an SVG string; as an <img> data URL it cannot run scripts or touch the page.
  const qrSrc = `data:image/svg+xml;base64,${btoa(enrolment.qrSvg)}`;
  const error = clientError ?? fieldErrorsOf(confirm.error).code ?? null;
  return (
    <div className="space-y-5">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Open an authenticator app (1Password, Google Authenticator, Microsoft Authenticator, Authy…).</li>
        <li>Scan the QR code, or enter the secret key by hand.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <div className="flex flex-col gap-5 sm:flex-row sm:items-start">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing for next/image to optimise */}
        <img src={qrSrc} alt="QR code for your authenticator app" width={176} height={176} className="size-44 rounded-md border border-slate-200 bg-white p-2" />
        <div className="min-w-0 flex-1 space-y-4">
          <div>
            <p id="totp-secret-label" className="text-sm font-medium text-slate-800">
              Secret key
            </p>
            <code
              data-testid="totp-secret"
              aria-labelledby="totp-secret-label"
              className="mt-1 block rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900 select-all"
            >
              {enrolment.secret}
            </code>
          </div>
          <form noValidate onSubmit={onSubmit} className="space-y-3">
            <AuthenticationCodeField id="totp-confirm-code" value={code} onChange={setCode} error={error} />
            <FormError message={fieldErrorsOf(confirm.error).code ? null : formMessageOf(confirm.error)} />
            <div className="flex gap-2">
              <Button type="submit" pending={confirm.isPending}>
                Confirm
              </Button>
              <Button variant="ghost" onClick={onCancel} disabled={confirm.isPending}>
                Cancel
              </Button>
            </div>
          </form>
        </div>
      </div>
    </div>
  );
}
