"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";

export function EmailStatusCard() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const resend = useMutation(trpc.account.resendVerification.mutationOptions());
  const verified = me.data?.emailVerifiedAt;

  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Email address {me.data ? verified ? <Badge tone="success">Confirmed</Badge> : <Badge tone="warning">Not confirmed</Badge> : null}
        </span>
      }
    >
      {!me.data ? (
        <LoadingBlock />
      ) : (
        <div className="space-y-3 text-sm">
          <p className="text-slate-900">{me.data.email}</p>
          {verified ? (
            <p className="text-slate-600">Confirmed {formatDateTime(verified)}.</p>
          ) : (
            <>
              <p className="text-slate-600">Confirm your address with the link we emailed you. It works for 24 hours.</p>
              {resend.isSuccess ? <Alert tone="success">Sent. Check your inbox.</Alert> : null}
              {resend.error ? <Alert tone="error">{formMessageOf(resend.error)}</Alert> : null}
              <Button variant="secondary" size="sm" pending={resend.isPending} onClick={() => resend.mutate()}>
                Resend link
              </Button>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
