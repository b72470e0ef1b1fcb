"use client";

import { CopyTextButton } from "@/components/agents/copy-text-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A webhook's signing secret, shown right after creation or on an admin's (audited) request. */
export function SigningSecret({ secret, fresh, onDone }: { secret: string; fresh: boolean; onDone: () => void }) {
  return (
    <div className="space-y-4">
      <Alert tone={fresh ? "warning" : "info"} title={fresh ? "Copy the signing secret now" : "Signing secret"}>
        Your endpoint checks the Vaultline-Signature header with it (see the README). It is stored encrypted; admins can show it again
        here, and each time is recorded in the audit log.
      </Alert>
      <output
        aria-label="Signing secret"
        data-testid="webhook-signing-secret"
        className="block rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-sm break-all text-slate-900 select-all"
      >
        {secret}
      </output>
      <div className="flex flex-wrap justify-between gap-2">
        <CopyTextButton text={secret} label="Copy secret" />
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
