"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { ShareDialog } from "./share-dialog";
import { ShareList } from "./share-list";

/** Admins: who has every password of this customer through a customer share, with Share and Revoke. */
export function CustomerSharingCard({ tenant, customerId, customerName }: { tenant: string; customerId: string; customerName: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const [sharing, setSharing] = useState(false);
  const subject = { type: "customer" as const, id: customerId };
  const shares = useQuery(trpc.sharing.listForCustomer.queryOptions({ tenant, customerId }));

  return (
    <Card
      title="Sharing"
      description={`Members and user groups with access to every password of ${customerName}, including ones added later.`}
      actions={
        <Button size="sm" variant="secondary" onClick={() => setSharing(true)} aria-label={`Share everything of ${customerName}`}>
          Share this {words.customer.toLowerCase()}
        </Button>
      }
    >
      {shares.isPending ? (
        <LoadingBlock label="Loading shares…" />
      ) : shares.isError ? (
        <QueryError error={shares.error} onRetry={() => void shares.refetch()} />
      ) : (
        <ShareList tenant={tenant} shares={shares.data} subjectName={customerName} canRevoke={() => true} emptyText="Not shared: only roles give access to its passwords." />
      )}
      <ShareDialog open={sharing} tenant={tenant} subject={subject} subjectName={customerName} onClose={() => setSharing(false)} />
    </Card>
  );
}
