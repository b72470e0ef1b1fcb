"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { localDayStartIso } from "@/components/forms/format";
import { fieldErrorsOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { AuditEventCard } from "./audit-event-card";
import { AuditEventRow } from "./audit-event-row";
import { AuditFilters } from "./audit-filters";
import type { AuditLogFilters } from "./download-audit-log";
import { ExportAuditLogButton } from "./export-audit-log-button";
import { useAuditFilters } from "./use-audit-filters";

const columns = ["Time", "Member", "Action", "Target", "IP", "Details"] as const;

export function AuditLog({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const [filters, setFilters] = useAuditFilters();
  const actions = useQuery(trpc.audit.actions.queryOptions({ tenant }));
  const members = useQuery(trpc.team.members.queryOptions({ tenant }));

  const from = filters.from ? localDayStartIso(filters.from) : undefined;
  // "To" is a whole day, included: the server's bound is exclusive, so ask for the next midnight.
  const to = filters.to ? localDayStartIso(filters.to, 1) : undefined;
  const rangeError = from && to && Date.parse(from) >= Date.parse(to) ? "“To” must be on or after “From”." : undefined;
  const serverFilters: AuditLogFilters = {
    action: filters.action || undefined,
    actorUserId: filters.member || undefined,
    customerId: filters.customer || undefined,
    from,
    to,
  };

  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { tenant, limit: 50, ...serverFilters },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, enabled: !rangeError },
    ),
  );

  const serverErrors = fieldErrorsOf(events.error);
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, change and setting in this workspace, newest first. The log is append-only and hash-chained."
        actions={<ExportAuditLogButton tenant={tenant} filters={serverFilters} disabled={Boolean(rangeError)} />}
      />
      <AuditFilters
        tenant={tenant}
        values={filters}
        onChange={setFilters}
        actions={actions.data ?? []}
        members={members.data ?? []}
        words={words}
        errors={{ from: serverErrors.from, to: rangeError ?? serverErrors.to }}
      />
      {rangeError ? null : events.isPending ? (
        <LoadingBlock label="Loading audit events…" />
      ) : events.isError ? (
        <QueryError error={events.error} onRetry={() => void events.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "No audit events yet"}>
          {filtered ? "Try a wider date range or clear the filters." : "Events appear here as people sign in and change things."}
        </EmptyState>
      ) : (
        <>
          <div className="hidden md:block">
            <Table caption="Audit events" columns={columns}>
              {items.map((event) => (
                <AuditEventRow key={event.id} tenant={tenant} event={event} />
              ))}
            </Table>
          </div>
          <ul aria-label="Audit events" className="space-y-3 md:hidden">
            {items.map((event) => (
              <AuditEventCard key={event.id} tenant={tenant} event={event} />
            ))}
          </ul>
          <div className="mt-4 flex items-center justify-between gap-3 text-sm text-slate-600">
            <p aria-live="polite">
              Showing {items.length} event{items.length === 1 ? "" : "s"}
            </p>
            {events.hasNextPage ? (
              <Button variant="secondary" pending={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                Load more
              </Button>
            ) : (
              <p>End of the log</p>
            )}
          </div>
        </>
      )}
    </>
  );
}
