"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { AddPasskeyForm } from "./add-passkey-form";
import { PasskeyRow } from "./passkey-row";

/** Account settings → Passkeys: sign in without a password, or confirm a password sign-in with one. */
export function PasskeysCard() {
  const trpc = useTRPC();
  const passkeys = useQuery(trpc.account.passkeys.queryOptions());
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const count = passkeys.data?.length ?? 0;

  return (
    <Card
      title={<span className="flex items-center gap-2">Passkeys {passkeys.data ? <Badge tone={count > 0 ? "success" : "neutral"}>{count}</Badge> : null}</span>}
      description="Sign in with your fingerprint, face, device PIN or a security key instead of a password. A passkey also counts as your second factor."
    >
      <div className="space-y-4">
        {added ? <Alert tone="success">Passkey “{added}” added. You can use it to sign in.</Alert> : null}
        {passkeys.isPending ? (
          <LoadingBlock />
        ) : passkeys.isError ? (
          <QueryError error={passkeys.error} onRetry={() => void passkeys.refetch()} />
        ) : count === 0 ? (
          <p className="text-sm text-slate-600">No passkeys yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Your passkeys">
            {passkeys.data.map((p) => (
              <PasskeyRow key={p.id} passkey={p} />
            ))}
          </ul>
        )}
        {adding ? (
          <AddPasskeyForm
            onDone={(name) => (setAdding(false), setAdded(name))}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <Button onClick={() => (setAdded(null), setAdding(true))}>Add a passkey</Button>
        )}
      </div>
    </Card>
  );
}
