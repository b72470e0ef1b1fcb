"use client";

import { CopyTextButton } from "@/components/agents/copy-text-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The one-time view of a fresh API key: only its hash is stored, so it cannot be shown again. */
export function ShownOnceKey({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  return (
    <div className="space-y-4">
      <Alert tone="warning" title="Copy the key now">
        This is the only time Vaultline shows the key “{name}”: only its hash is stored. If you lose it, rotate or revoke it and create another.
      </Alert>
      <div>
        <p id="api-key-label" className="mb-1 text-sm font-medium text-slate-800">
          API key
        </p>
        <output aria-labelledby="api-key-label" data-testid="api-key" className="block rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-sm break-all text-slate-900 select-all">
          {token}
        </output>
        <div className="mt-2">
          <CopyTextButton text={token} label="Copy key" />
        </div>
      </div>
      <p className="text-sm text-slate-600">
        Send it as <code className="font-mono">Authorization: Bearer {token.slice(0, 12)}…</code> to <code className="font-mono">/api/v1</code>.
      </p>
      <div className="flex justify-end">
        <Button onClick={onDone}>I copied it</Button>
      </div>
    </div>
  );
}
