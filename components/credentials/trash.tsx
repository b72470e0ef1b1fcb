"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { Table, tdClasses } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { CredentialRow } from "./types";

const PAGE_SIZE = 25;

/** Deleted passwords: admins restore them or delete them for good (with their history). */
export function Trash({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { role } = useWorkspace();
  const words = useTerminology();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [purging, setPurging] = useState<CredentialRow | null>(null);
  const deferred = useDeferredValue(search.trim());
  const isAdmin = roleAtLeast(role, "admin");
  const trash = useQuery({
    ...trpc.credentials.trash.queryOptions({ tenant, search: deferred || undefined, page, pageSize: PAGE_SIZE }),
    enabled: isAdmin,
    placeholderData: keepPreviousData,
  });
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries(trpc.credentials.trash.pathFilter()), queryClient.invalidateQueries(trpc.credentials.list.pathFilter())]);
  const restore = useMutation(
    trpc.credentials.restore.mutationOptions({
      onSuccess: async () => {
        toast("Password restored");
        await refresh();
      },
    }),
  );
  const purge = useMutation(
    trpc.credentials.purge.mutationOptions({
      onSuccess: async () => {
        setPurging(null);
        toast("Password deleted forever");
        await refresh();
      },
    }),
  );

  if (!isAdmin) {
    return (
      <>
        <PageHeader title="Trash" />
        <Alert tone="info">Only owners and admins can open the trash.</Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Trash" description="Deleted passwords stay here until an admin restores them or deletes them forever." />
      <div className="mb-4 max-w-sm">
        <label htmlFor="trash-search" className="sr-only">
          Search the trash
        </label>
        <Input
          id="trash-search"
          type="search"
          placeholder="Search the trash…"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
      </div>
      {restore.error ? (
        <Alert tone="error" className="mb-4">
          {formMessageOf(restore.error)}
        </Alert>
      ) : null}
      {trash.isPending ? (
        <LoadingBlock label="Loading the trash…" />
      ) : trash.isError ? (
        <QueryError error={trash.error} onRetry={() => void trash.refetch()} />
      ) : trash.data.items.length === 0 ? (
        <EmptyState title={deferred ? "Nothing in the trash matches" : "The trash is empty"} />
      ) : (
        <div className="space-y-4">
          <Table caption="Deleted passwords" columns={["Description", words.customer, "Username", "Deleted", "Actions"]}>
            {trash.data.items.map((c) => (
              <tr key={c.id} data-credential-id={c.id}>
                <td className={tdClasses}>{c.name}</td>
                <td className={tdClasses}>
                  {c.customerName}
                  {c.contactName || c.deviceName ? <span className="block text-xs text-slate-500">{c.contactName ?? c.deviceName}</span> : null}
                </td>
                <td className={tdClasses}>{c.username || <span className="text-slate-400">—</span>}</td>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  {c.deletedAt ? formatDateTime(c.deletedAt) : "—"}
                  {c.updatedByName ? <span className="block text-xs text-slate-500">by {c.updatedByName}</span> : null}
                </td>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  <div className="flex gap-2">
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-label={`Restore ${c.name}`}
                      pending={restore.isPending && restore.variables?.id === c.id}
                      onClick={() => restore.mutate({ tenant, id: c.id })}
                    >
                      Restore
                    </Button>
                    <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={`Delete ${c.name} forever`} onClick={() => setPurging(c)}>
                      Delete forever
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </Table>
          <Pager page={page} pageSize={PAGE_SIZE} total={trash.data.total} noun="deleted password" onPage={setPage} />
        </div>
      )}
      <ConfirmDialog
        open={purging !== null}
        title={`Delete “${purging?.name ?? ""}” forever?`}
        confirmLabel="Delete forever"
        pending={purge.isPending}
        error={formMessageOf(purge.error)}
        onConfirm={() => purging && purge.mutate({ tenant, id: purging.id })}
        onClose={() => {
          purge.reset();
          setPurging(null);
        }}
      >
        The password and all its versions are erased. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
