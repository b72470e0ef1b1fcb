"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClasses } from "@/components/ui/input";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { Table, tdClasses } from "@/components/ui/table";
import { RunActions } from "./run-actions";
import { formatDuration, kindLabels, statusLabels, triggerLabels, triggeredBy } from "./run-labels";
import { RunStatusBadge } from "./run-status-badge";
import type { RunKind, RunStatus } from "./types";

const labelClasses = "mb-1 block text-sm font-medium text-slate-800";
const statuses = Object.keys(statusLabels) as RunStatus[];
const kinds = Object.keys(kindLabels) as RunKind[];

/** Every rotation and health check of the workspace, newest first; refreshed every 2 s while any is in flight. */
export function RotationRuns({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const [status, setStatus] = useState<RunStatus | "">("");
  const [kind, setKind] = useState<RunKind | "">("");
  const runs = useInfiniteQuery({
    ...trpc.rotation.runs.infiniteQueryOptions(
      { tenant, limit: 25, status: status || undefined, kind: kind || undefined },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    refetchInterval: (query) => ((query.state.data?.pages[0]?.active ?? 0) > 0 ? 2000 : false),
  });
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const active = runs.data?.pages[0]?.active ?? 0;
  const filtered = Boolean(status || kind);
  const columns = ["Status", "Kind", "Password", words.customer, "Trigger", "Started", "Duration", "Error", "Actions"];

  return (
    <>
      <PageHeader
        title="Rotation"
        description="Password rotations and login health checks, newest first. Set up a password's rotation from its details."
      />
      <form
        role="search"
        aria-label="Filter runs"
        onSubmit={(e) => e.preventDefault()}
        className="mb-4 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        <div className="w-56">
          <label htmlFor="runs-status" className={labelClasses}>
            Status
          </label>
          <select id="runs-status" className={controlClasses} value={status} onChange={(e) => setStatus(e.target.value as RunStatus | "")}>
            <option value="">All statuses</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="w-56">
          <label htmlFor="runs-kind" className={labelClasses}>
            Kind
          </label>
          <select id="runs-kind" className={controlClasses} value={kind} onChange={(e) => setKind(e.target.value as RunKind | "")}>
            <option value="">Rotations and checks</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </div>
        {filtered ? (
          <Button variant="ghost" onClick={() => (setStatus(""), setKind(""))}>
            Clear filters
          </Button>
        ) : null}
        {active > 0 ? (
          <p role="status" className="ml-auto text-sm text-blue-800">
            {active} run{active === 1 ? "" : "s"} in progress — refreshing
          </p>
        ) : null}
      </form>
      {runs.isPending ? (
        <LoadingBlock label="Loading runs…" />
      ) : runs.isError ? (
        <QueryError error={runs.error} onRetry={() => void runs.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? "No runs match these filters" : "No rotations yet"}>
          {filtered ? "Try another status or kind." : "Open a password's details, set up its rotation target, then press Rotate now or give it a schedule."}
        </EmptyState>
      ) : (
        <>
          <Table caption="Rotation runs" columns={columns}>
            {items.map((run) => (
              <tr key={run.id} data-run-id={run.id}>
                <td className={tdClasses}>
                  <RunStatusBadge status={run.status} />
                </td>
                <td className={tdClasses}>{kindLabels[run.kind]}</td>
                <td className={tdClasses}>
                  {/* Passwords live on their owner's page; the customer's tab lists this one. */}
                  <Link href={`/${tenant}/customers/${run.customerId}`} className={linkClasses}>
                    {run.credentialName}
                  </Link>
                  {run.credentialUsername ? <p className="mt-0.5 text-xs text-slate-500">{run.credentialUsername}</p> : null}
                </td>
                <td className={tdClasses}>{run.customerName}</td>
                <td className={tdClasses}>
                  {triggerLabels[run.trigger] ?? run.trigger}
                  <p className="mt-0.5 text-xs text-slate-500">{triggeredBy(run)}</p>
                </td>
                <td className={`${tdClasses} whitespace-nowrap`}>{formatDateTime(run.startedAt ?? run.createdAt)}</td>
                <td className={`${tdClasses} whitespace-nowrap`}>{formatDuration(run)}</td>
                <td className={`${tdClasses} max-w-xs break-words text-red-800`}>{run.error ?? <span className="text-slate-400">—</span>}</td>
                <td className={tdClasses}>
                  <RunActions tenant={tenant} run={run} label={run.credentialName} />
                </td>
              </tr>
            ))}
          </Table>
          <div className="mt-4 flex items-center justify-between gap-3 text-sm text-slate-600">
            <p aria-live="polite">
              Showing {items.length} run{items.length === 1 ? "" : "s"}
            </p>
            {runs.hasNextPage ? (
              <Button variant="secondary" pending={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
                Load more
              </Button>
            ) : (
              <p>No more runs</p>
            )}
          </div>
        </>
      )}
    </>
  );
}
