"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDateTime } from "@/components/forms/format";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";

/** Sign-in codes by email: a second factor for people without an authenticator app or a passkey. */
export function EmailCodesCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const set = useMutation(trpc.account.setEmailCodes.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.account.me.queryKey() }) }));
  const enabledAt = me.data?.emailCodesEnabledAt ?? null;
  const status = me.isPending ? null : enabledAt ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge>;
  const problem = fieldErrorsOf(set.error).enabled ?? formMessageOf(set.error);

  return (
    <Card title={<span className="flex items-center gap-2">Sign-in codes by email {status}</span>}>
      {me.isPending ? (
        <LoadingBlock />
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            After your password, ask for a 6-digit code sent to {me.data?.email ?? "your address"}; it works once, for 10 minutes. An
            authenticator app or a passkey is safer: workspaces that require two-factor authentication do not accept email codes.
          </p>
          {enabledAt ? <p className="text-sm text-slate-600">Turned on {formatDateTime(enabledAt)}.</p> : null}
          {problem ? <Alert tone="error">{problem}</Alert> : null}
          <Button variant={enabledAt ? "secondary" : "primary"} pending={set.isPending} onClick={() => set.mutate({ enabled: !enabledAt })}>
            {enabledAt ? "Turn off codes by email" : "Turn on codes by email"}
          </Button>
        </div>
      )}
    </Card>
  );
}
