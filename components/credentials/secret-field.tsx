"use client";

import { useState } from "react";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPCClient } from "@/components/providers/trpc";
import { useToast } from "@/components/ui/toast";
import { copySecret } from "./clipboard";
import { CopyIcon, EyeIcon } from "./icons";
import { IconButton } from "./icon-button";
import { SecretText } from "./secret-text";
import { useRevealedValue } from "./use-revealed-value";

/** A secret other than the password (notes, a secret custom field): masked, with audited Reveal (30 s) and Copy. */
export function SecretField({
  tenant,
  credentialId,
  field,
  label,
  multiline = false,
  copyOnly = false,
}: {
  tenant: string;
  credentialId: string;
  field: "notes" | `custom:${string}`;
  label: string;
  multiline?: boolean;
  /** Copy-only credential: Copy stays, Reveal is withheld (the server refuses it too). */
  copyOnly?: boolean;
}) {
  const client = useTRPCClient();
  const toast = useToast();
  const revealed = useRevealedValue();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(purpose: "reveal" | "copy") {
    if (purpose === "reveal" && revealed.value !== null) return revealed.hide();
    setBusy(true);
    setError(null);
    try {
      const { value } = await client.credentials.reveal.mutate({ tenant, id: credentialId, field, purpose });
      if (purpose === "reveal") revealed.show(value);
      else {
        toast(await copySecret(value));
      }
    } catch (e) {
      setError(formMessageOf(e as ErrorLike));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <div className="flex items-start gap-1">
        {revealed.value !== null ? (
          multiline || !revealed.value ? (
            <span className="mr-1 text-sm whitespace-pre-wrap text-slate-900 select-all">{revealed.value || <span className="text-slate-600">(empty)</span>}</span>
          ) : (
            <SecretText className="mr-1 text-sm text-slate-900">{revealed.value}</SecretText>
          )
        ) : (
          <span className="mr-1 font-mono text-sm tracking-widest text-slate-600">•••••••</span>
        )}
        {copyOnly ? null : (
          <IconButton label={revealed.value !== null ? `Hide ${label}` : `Reveal ${label}`} pending={busy} onClick={() => void run("reveal")}>
            <EyeIcon off={revealed.value !== null} />
          </IconButton>
        )}
        <IconButton label={`Copy ${label}`} disabled={busy} onClick={() => void run("copy")}>
          <CopyIcon />
        </IconButton>
      </div>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}
