"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, tdClasses } from "@/components/ui/table";
import { formatRelative } from "./agent-format";
import { CreateEnrollmentTokenForm } from "./create-enrollment-token-form";
import type { EnrollmentToken } from "./types";

function tokenState(token: EnrollmentToken, now: number): { label: string; tone: "success" | "neutral" | "danger" | "warning" } {
  if (token.revokedAt) return { label: "Revoked", tone: "danger" };
  if (new Date(token.expiresAt).getTime() <= now) return { label: "Expired", tone: "neutral" };
  if (token.maxUses !== null && token.uses >= token.maxUses) return { label: "Used up", tone: "warning" };
  return { label: "Active", tone: "success" };
}

/**
 * For admins, on a customer's page: the enrollment tokens its machines' agents enroll with. A new token is shown
 * once, with the command that installs the agent; revoking one stops further enrollments (enrolled agents stay).
 */
export function EnrollmentTokensCard({ tenant, customerId, customerName }: { tenant: string; customerId: string; customerName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<EnrollmentToken | null>(null);
  const tokens = useQuery(trpc.agents.enrollmentTokens.queryOptions({ tenant, customerId }));
  const revoke = useMutation(
    trpc.agents.revokeEnrollmentToken.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.agents.enrollmentTokens.queryFilter({ tenant, customerId }));
        setRevoking(null);
      },
    }),
  );
  // "Now" is when the list was fetched, so a render stays pure.
  const now = tokens.dataUpdatedAt;
  const createButton = creating ? null : <Button onClick={() => setCreating(true)}>Create enrollment token</Button>;

  return (
    <Card
      title="Device agents"
      description={`Machines of ${customerName} enroll their agent with a token from here, and then appear under Devices with their status and local accounts.`}
      actions={tokens.isSuccess && tokens.data.length > 0 ? createButton : null}
    >
      {tokens.isPending ? (
        <LoadingBlock label="Loading enrollment tokens…" />
      ) : tokens.isError ? (
        <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No enrollment tokens yet">
          Create one, then run the install command it comes with on each machine to enroll.
          {createButton ? <div className="mt-3">{createButton}</div> : null}
        </EmptyState>
      ) : (
        <Table caption={`Enrollment tokens of ${customerName}`} columns={["Label", "Created", "Expires", "Uses", "Last used", "State", "Actions"]}>
          {tokens.data.map((t) => {
            const state = tokenState(t, now);
            return (
              <tr key={t.id}>
                <td className={`${tdClasses} font-medium`}>{t.label}</td>
                <td className={tdClasses}>
                  <span className="whitespace-nowrap">{formatDateTime(t.createdAt)}</span>
                  <span className="block text-xs text-slate-600">{t.createdByName ? `by ${t.createdByName}` : "by a former member"}</span>
                </td>
                <td className={`${tdClasses} whitespace-nowrap`} title={formatDateTime(t.expiresAt)}>
                  {formatRelative(t.expiresAt, now)}
                </td>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  {t.uses} / {t.maxUses ?? "unlimited"}
                </td>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  {t.lastUsedAt ? <span title={formatDateTime(t.lastUsedAt)}>{formatRelative(t.lastUsedAt, now)}</span> : <span className="text-slate-500">Never</span>}
                </td>
                <td className={tdClasses}>
                  <Badge tone={state.tone}>{state.label}</Badge>
                  {t.revokedAt ? <span className="block text-xs text-slate-600">{formatDateTime(t.revokedAt)}</span> : null}
                </td>
                <td className={tdClasses}>
                  {t.revokedAt ? null : (
                    <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={`Revoke token ${t.label}`} onClick={() => (revoke.reset(), setRevoking(t))}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      <Dialog open={creating} onClose={() => setCreating(false)} size="lg" title="Create enrollment token" description={`For machines of ${customerName}.`}>
        <CreateEnrollmentTokenForm tenant={tenant} customerId={customerId} onDone={() => setCreating(false)} />
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke the enrollment token?"
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        error={formMessageOf(revoke.error)}
        onConfirm={() => revoking && revoke.mutate({ tenant, tokenId: revoking.id })}
        onClose={() => (setRevoking(null), revoke.reset())}
      >
        No more machines can enroll with “{revoking?.label}”. Agents that already enrolled with it keep working.
      </ConfirmDialog>
    </Card>
  );
}
