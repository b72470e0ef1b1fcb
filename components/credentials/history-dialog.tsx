"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, tdClasses } from "@/components/ui/table";
import { SecretText } from "./secret-text";
import type { CredentialRow } from "./types";
import { useRevealedValue } from "./use-revealed-value";

const fieldLabels: Record<string, string> = {
  name: "description",
  loginUrl: "login URL",
  totp: "TOTP",
  tags: "tags",
  expiresAt: "expiry",
  customFields: "custom fields",
  policyId: "policy",
  externalId: "external id",
  target: "filed under",
};

function OldPassword({ tenant, id, version }: { tenant: string; id: string; version: number }) {
  const client = useTRPCClient();
  const revealed = useRevealedValue();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (revealed.value !== null) {
    return (
      <span className="flex min-w-0 items-center gap-2">
        <SecretText className="text-sm">{revealed.value}</SecretText>
        <Button size="sm" variant="ghost" className="px-2 py-0.5 text-xs" onClick={revealed.hide}>
          Hide
        </Button>
      </span>
    );
  }
  return (
    <span>
      <Button
        size="sm"
        variant="secondary"
        className="px-2 py-0.5 text-xs"
        pending={pending}
        aria-label={`Reveal the password of version ${version}`}
        onClick={async () => {
          setPending(true);
          setError(null);
          try {
            revealed.show((await client.credentials.revealVersion.mutate({ tenant, id, version })).value);
          } catch (e) {
            setError(formMessageOf(e as ErrorLike));
          } finally {
            setPending(false);
          }
        }}
      >
        Reveal
      </Button>
      {error ? <span role="alert" className="ml-2 text-xs text-red-700">{error}</span> : null}
    </span>
  );
}

/** Who changed which fields of a credential and when; admins can reveal an older password (audited). */
export function HistoryDialog({ tenant, credential, open, canReveal, onClose }: { tenant: string; credential: CredentialRow; open: boolean; canReveal: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const history = useQuery({ ...trpc.credentials.history.queryOptions({ tenant, id: credential.id }), enabled: open });
  return (
    <Dialog open={open} onClose={onClose} size="lg" title={`History of “${credential.name}”`} description="Every change is a version. Values are never shown here; old passwords can be revealed by admins, and that is audited.">
      {history.isPending ? (
        <LoadingBlock label="Loading history…" />
      ) : history.isError ? (
        <QueryError error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <Table caption={`Versions of ${credential.name}`} columns={["Version", "When", "Who", "Changed", "Password"]}>
          {history.data.map((v) => (
            <tr key={v.id}>
              <td className={tdClasses}>v{v.version}</td>
              <td className={`${tdClasses} whitespace-nowrap`}>{formatDateTime(v.changedAt, true)}</td>
              <td className={tdClasses}>{v.changedBy ?? "Someone"}</td>
              <td className={tdClasses}>
                <span className="flex flex-wrap gap-1">
                  {v.changedFields.map((f) => (
                    <Badge key={f} tone={f === "password" ? "warning" : "neutral"}>
                      {fieldLabels[f] ?? f}
                    </Badge>
                  ))}
                </span>
                {v.overrideReason ? <p className="mt-1 text-xs text-slate-600">Policy override: {v.overrideReason}</p> : null}
              </td>
              <td className={tdClasses}>{v.passwordChanged && canReveal ? <OldPassword tenant={tenant} id={credential.id} version={v.version} /> : v.passwordChanged ? "changed" : "—"}</td>
            </tr>
          ))}
        </Table>
      )}
    </Dialog>
  );
}
