"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { OutboxRow } from "./outbox-row";

const columns = ["Time", "To", "Subject", "Transport"] as const;

export function EmailOutbox({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const [expanded, setExpanded] = useState<string | null>(null);
  const outbox = useInfiniteQuery(
    trpc.workspace.outbox.infiniteQueryOptions({ tenant, limit: 25 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Email outbox"
        description="The notifications this workspace sent: password events, digests, access requests. Mail about a person's own account (invitations, password resets, security notices) goes to that person only and is not kept here."
      />
      {outbox.isPending ? (
        <LoadingBlock label="Loading emails…" />
      ) : outbox.isError ? (
        <QueryError error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No emails yet">Notifications your rules send will appear here.</EmptyState>
      ) : (
        <>
          <Table caption="Sent emails" columns={columns}>
            {items.map((email) => (
              <OutboxRow
                key={email.id}
                email={email}
                expanded={expanded === email.id}
                onToggle={() => setExpanded((current) => (current === email.id ? null : email.id))}
              />
            ))}
          </Table>
          <div className="mt-4 flex justify-end">
            {outbox.hasNextPage ? (
              <Button variant="secondary" pending={outbox.isFetchingNextPage} onClick={() => void outbox.fetchNextPage()}>
                Load more
              </Button>
            ) : (
              <p className="text-sm text-slate-600">No older emails</p>
            )}
          </div>
        </>
      )}
    </>
  );
}
