"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { roleLabels } from "@/lib/validation";

export function PendingInvitations({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.team.invitations.queryOptions({ tenant }));
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.team.invitations.queryKey({ tenant }) }),
    }),
  );

  return (
    <Card title="Pending invitations">
      {invitations.isPending ? (
        <LoadingBlock />
      ) : invitations.isError ? (
        <QueryError error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <p className="text-sm text-slate-600">No pending invitations.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {invitations.data.map((inv) => (
            <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium text-slate-900">{inv.email}</p>
                <p className="text-xs text-slate-500">
                  {roleLabels[inv.role]} · expires {formatDateTime(inv.expiresAt)}
                </p>
              </div>
              <Button
                size="sm"
                variant="secondary"
                aria-label={`Revoke invitation for ${inv.email}`}
                pending={revoke.isPending && revoke.variables.invitationId === inv.id}
                onClick={() => revoke.mutate({ tenant, invitationId: inv.id })}
              >
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      {revoke.error ? (
        <Alert tone="error" className="mt-3">
          {formMessageOf(revoke.error)}
        </Alert>
      ) : null}
    </Card>
  );
}
