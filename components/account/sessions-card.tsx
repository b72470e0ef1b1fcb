"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { describeUserAgent, formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";

export function SessionsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const revoke = useMutation(
    trpc.account.revokeSession.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() }),
    }),
  );

  return (
    <Card title="Signed-in devices" description="Sign out any session you do not recognise.">
      {sessions.isPending ? (
        <LoadingBlock />
      ) : sessions.isError ? (
        <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.length === 0 ? (
        <p className="text-sm text-slate-600">No active sessions.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {sessions.data.map((s) => {
            const device = describeUserAgent(s.userAgent);
            return (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
                    {device}
                    {s.current ? <Badge tone="info">This device</Badge> : null}
                  </p>
                  <p className="text-xs text-slate-500">
                    {s.ip ?? "Unknown IP"} · last active {formatDateTime(s.lastSeenAt)} · signed in {formatDateTime(s.createdAt)}
                  </p>
                </div>
                {s.current ? null : (
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={`Sign out ${device}${s.ip ? ` at ${s.ip}` : ""}`}
                    pending={revoke.isPending && revoke.variables.sessionId === s.id}
                    onClick={() => revoke.mutate({ sessionId: s.id })}
                  >
                    Sign out
                  </Button>
                )}
              </li>
            );
          })}
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
