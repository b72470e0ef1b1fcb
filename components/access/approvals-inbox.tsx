"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { Table, tdClasses } from "@/components/ui/table";
import { Tabs } from "@/components/ui/tabs";
import { TextField } from "@/components/ui/text-field";
import { accessStatusLabels } from "@/lib/access-requests";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";
import { useInvalidateAccess } from "./use-invalidate-access";

type View = "to_decide" | "mine" | "active" | "history";
type Row = inferRouterOutputs<AppRouter>["access"]["list"]["items"][number];

const PAGE_SIZE = 25;
const VIEWS: { id: View; label: string; empty: string }[] = [
  { id: "to_decide", label: "To decide", empty: "Nothing waits for your decision." },
  { id: "mine", label: "My requests", empty: "You have not requested any password. Open a password that needs approval to request it." },
  { id: "active", label: "Checked out", empty: "No password is checked out or queued." },
  { id: "history", label: "History", empty: "No request has ended yet." },
];
const STATUS_TONES: Record<Row["status"], BadgeTone> = {
  pending: "warning",
  queued: "info",
  checked_out: "success",
  denied: "danger",
  cancelled: "neutral",
  checked_in: "neutral",
  expired: "neutral",
  revoked: "danger",
};

/** The Approvals page: requests to decide, the viewer's own, checkouts in progress (with revoke), and the past. */
export function ApprovalsInbox({ tenant }: { tenant: string }) {
  const [view, setView] = useState<View>("to_decide");
  const trpc = useTRPC();
  // The count on the first tab, whichever tab is open.
  const counts = useQuery(trpc.access.list.queryOptions({ tenant, view: "to_decide", page: 1, pageSize: 1 }));
  const toDecide = counts.data?.toDecide ?? 0;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Approvals"
        description="Passwords that need approval are released for a limited time to one person at a time, then locked again (and changed, where set)."
      />
      <Tabs
        label="Requests"
        active={view}
        onChange={(id) => setView(id as View)}
        tabs={VIEWS.map((v) => ({
          id: v.id,
          label: v.id === "to_decide" && toDecide > 0 ? `${v.label} (${toDecide})` : v.label,
          panel: <RequestList tenant={tenant} view={v.id} empty={v.empty} />,
        }))}
      />
    </div>
  );
}

function RequestList({ tenant, view, empty }: { tenant: string; view: View; empty: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.access.list.queryOptions({ tenant, view, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    // Checkouts end and queues move on the server's clock: keep the page current.
    refetchInterval: 15_000,
  });
  if (list.isPending) return <LoadingBlock label="Loading requests…" />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const { items, total } = list.data;
  if (items.length === 0) return <div className="pt-4"><EmptyState title="Nothing here">{empty}</EmptyState></div>;
  return (
    <div className="space-y-3 pt-4">
      <Table caption="Access requests" columns={["Password", "Requested by", "Reason", "Window", "Status", "Actions"]}>
        {items.map((r) => (
          <RequestRow key={r.id} tenant={tenant} row={r} />
        ))}
      </Table>
      <Pager page={page} pageSize={PAGE_SIZE} total={total} noun="request" onPage={setPage} />
    </div>
  );
}

function RequestRow({ tenant, row: r }: { tenant: string; row: Row }) {
  const trpc = useTRPC();
  const { role } = useWorkspace();
  const invalidate = useInvalidateAccess();
  const [deciding, setDeciding] = useState<"approve" | "deny" | null>(null);
  const cancel = useMutation(trpc.access.cancel.mutationOptions({ onSuccess: invalidate }));
  const checkIn = useMutation(trpc.access.checkIn.mutationOptions({ onSuccess: invalidate }));
  const revoke = useMutation(trpc.access.revoke.mutationOptions({ onSuccess: invalidate }));
  const error = cancel.error ?? checkIn.error ?? revoke.error;
  const live = r.status === "checked_out" || r.status === "queued";

  return (
    <tr data-request-id={r.id}>
      <td className={tdClasses}>
        <span className="font-medium text-slate-900">{r.credentialName}</span>
        <p className="text-xs text-slate-600">{r.customerName}</p>
      </td>
      <td className={tdClasses}>
        {r.mine ? "You" : r.requesterName}
        <p className="text-xs text-slate-600">{formatDateTime(r.createdAt)}</p>
      </td>
      <td className={`${tdClasses} max-w-80`}>
        <p className="break-words">{r.reason}</p>
        {r.ticketId ? <p className="text-xs text-slate-600">Ticket {r.ticketId}</p> : null}
        {r.decisionNote ? <p className="text-xs text-slate-600">Note from {r.deciderName ?? "the approver"}: {r.decisionNote}</p> : null}
      </td>
      <td className={tdClasses}>
        {r.windowMinutes} min
        {r.windowEndsAt && r.status === "checked_out" ? <p className="text-xs text-slate-600">until {formatDateTime(r.windowEndsAt)}</p> : null}
        {r.rotateOnCheckIn ? <p className="text-xs text-slate-600">rotated at the end</p> : null}
      </td>
      <td className={tdClasses}>
        <Badge tone={STATUS_TONES[r.status]}>{accessStatusLabels[r.status]}</Badge>
        {r.queuePosition ? <p className="text-xs text-slate-600">number {r.queuePosition} in the queue</p> : null}
        {r.endedAt ? <p className="text-xs text-slate-600">{formatDateTime(r.endedAt)}</p> : null}
        {r.rotationRunId ? (
          <p className="text-xs">
            <Link href={`/${tenant}/rotation`} className="text-blue-700 underline">
              Rotation started
            </Link>
          </p>
        ) : null}
      </td>
      <td className={tdClasses}>
        <div className="flex flex-wrap gap-1">
          {r.status === "pending" && r.canDecide ? (
            <>
              <Button size="sm" onClick={() => setDeciding("approve")} aria-label={`Approve the request of ${r.requesterName} for ${r.credentialName}`}>
                Approve
              </Button>
              <Button size="sm" variant="secondary" onClick={() => setDeciding("deny")} aria-label={`Deny the request of ${r.requesterName} for ${r.credentialName}`}>
                Deny
              </Button>
            </>
          ) : null}
          {r.mine && (r.status === "pending" || r.status === "queued") ? (
            <Button size="sm" variant="ghost" pending={cancel.isPending} onClick={() => cancel.mutate({ tenant, requestId: r.id })}>
              Cancel
            </Button>
          ) : null}
          {r.mine && r.status === "checked_out" ? (
            <Button size="sm" variant="secondary" pending={checkIn.isPending} onClick={() => checkIn.mutate({ tenant, requestId: r.id })} aria-label={`Check in ${r.credentialName}`}>
              Check in
            </Button>
          ) : null}
          {live && roleAtLeast(role, "admin") ? (
            <Button size="sm" variant="ghost" className="text-red-700" pending={revoke.isPending} onClick={() => revoke.mutate({ tenant, requestId: r.id })} aria-label={`Revoke the checkout of ${r.credentialName} by ${r.requesterName}`}>
              Revoke
            </Button>
          ) : null}
        </div>
        <FormError message={formMessageOf(error)} />
        {deciding ? <DecideDialog tenant={tenant} row={r} decision={deciding} onClose={() => setDeciding(null)} /> : null}
      </td>
    </tr>
  );
}

function DecideDialog({ tenant, row, decision, onClose }: { tenant: string; row: Row; decision: "approve" | "deny"; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAccess();
  const [note, setNote] = useState("");
  const decide = useMutation(trpc.access.decide.mutationOptions({ onSuccess: async () => (await invalidate(), onClose()) }));
  const verb = decision === "approve" ? "Approve" : "Deny";
  return (
    <Dialog open title={`${verb} access to ${row.credentialName}?`} description={`${row.requesterName} asks for ${row.windowMinutes} minutes: “${row.reason}”`} onClose={onClose}>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          decide.mutate({ tenant, requestId: row.id, decision, note: note || undefined });
        }}
      >
        <TextField id={`note-${row.id}`} label="Note to the requester (optional)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-autofocus />
        <FormError message={formMessageOf(decide.error)} />
        <div className="flex gap-2">
          <Button type="submit" variant={decision === "approve" ? "primary" : "danger"} pending={decide.isPending}>
            {verb}
          </Button>
          <Button variant="ghost" onClick={onClose} disabled={decide.isPending}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
