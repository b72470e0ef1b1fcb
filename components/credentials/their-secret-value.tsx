"use client";

import { useState } from "react";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPCClient } from "@/components/providers/trpc";
import { EyeIcon } from "./icons";
import { IconButton } from "./icon-button";
import { useRevealedValue } from "./use-revealed-value";

/**
 * The other person's value of a sealed field in a conflict: masked, with a Reveal that goes through the usual audited
 * call (the conflict itself never carries it), or only "changed" for a field that cannot be revealed (a TOTP seed).
 */
export function TheirSecretValue({ tenant, credentialId, field, label }: { tenant: string; credentialId: string; field: "password" | "notes" | null; label: string }) {
  const client = useTRPCClient();
  const revealed = useRevealedValue();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function reveal() {
    if (!field) return;
    if (revealed.value !== null) return revealed.hide();
    setBusy(true);
    setError(null);
    try {
      const { value } = await client.credentials.reveal.mutate({ tenant, id: credentialId, field });
      revealed.show(value);
    } catch (e) {
      setError(formMessageOf(e as ErrorLike));
    } finally {
      setBusy(false);
    }
  }

  if (!field) return <span className="text-slate-600">Changed (not shown)</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span data-testid="their-value" className={`font-mono break-all ${revealed.value !== null ? "text-slate-900" : "tracking-widest text-slate-500"}`}>
        {revealed.value ?? "•••••••"}
      </span>
      <IconButton label={revealed.value !== null ? `Hide their ${label}` : `Reveal their ${label}`} pending={busy} onClick={() => void reveal()}>
        <EyeIcon off={revealed.value !== null} />
      </IconButton>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
