"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { useDocumentTitle } from "@/components/ui/use-document-title";
import { Pager } from "@/components/ui/pager";
import { Table, tdClasses } from "@/components/ui/table";
import { ListControls, type ListSort } from "./list-controls";
import { NewCustomerForm } from "./new-customer-form";

const PAGE_SIZE = 25;

/** The workspace's customers (or sites): search, sort, pages, and "New customer". */
export function CustomersList({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const { role } = useWorkspace();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<ListSort>({ sort: "name", direction: "asc" });
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [includeArchived, setIncludeArchived] = useState(false);
  const deferred = useDeferredValue(search.trim());
  const list = useQuery({
    ...trpc.customers.list.queryOptions({ tenant, search: deferred || undefined, ...sort, page, pageSize: PAGE_SIZE, includeArchived }),
    placeholderData: keepPreviousData,
  });
  useDocumentTitle(words.customers);
  const canCreate = roleAtLeast(role, "technician");
  const newButton = canCreate ? <Button onClick={() => setCreating(true)}>New {words.customer.toLowerCase()}</Button> : null;

  return (
    <>
      <PageHeader title={words.customers} description={`Open a ${words.customer.toLowerCase()} to see its passwords, ${words.contacts.toLowerCase()} and devices.`} actions={newButton} />
      <div className="space-y-4">
        <ListControls
          id="customers"
          search={search}
          onSearch={(v) => {
            setSearch(v);
            setPage(1);
          }}
          sort={sort}
          onSort={(v) => {
            setSort(v);
            setPage(1);
          }}
          placeholder={`Search ${words.customers.toLowerCase()}…`}
        />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={includeArchived}
            onChange={(e) => {
              setIncludeArchived(e.target.checked);
              setPage(1);
            }}
            className="size-4 rounded border-slate-300"
          />
          Show archived
        </label>
        {list.isPending ? (
          <LoadingBlock label={`Loading ${words.customers.toLowerCase()}…`} />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={deferred ? `No ${words.customers.toLowerCase()} match “${deferred}”` : `No ${words.customers.toLowerCase()} yet`}>
            {deferred ? "Try another name." : newButton ? <div className="mt-3">{newButton}</div> : null}
          </EmptyState>
        ) : (
          <>
            <div className={list.isPlaceholderData ? "opacity-60" : undefined}>
              <Table caption={words.customers} columns={["Name", "Passwords", words.contacts, "Devices", "Updated"]}>
                {list.data.items.map((c) => (
                  <tr key={c.id} className="hover:bg-slate-50">
                    <td className={tdClasses}>
                      <Link href={`/${tenant}/customers/${c.id}`} className={linkClasses}>
                        {c.name}
                      </Link>
                      {c.archivedAt ? (
                        <span className="ml-2">
                          <Badge tone="warning">Archived</Badge>
                        </span>
                      ) : null}
                    </td>
                    {([c.passwords, c.contacts, c.devices] as const).map((n, i) => (
                      <td key={i} className={`${tdClasses} text-slate-700 tabular-nums`}>
                        {n.toLocaleString()}
                      </td>
                    ))}
                    <td className={`${tdClasses} text-slate-600`}>{formatDateTime(c.updatedAt)}</td>
                  </tr>
                ))}
              </Table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} noun={words.customer.toLowerCase()} onPage={setPage} />
          </>
        )}
      </div>
      <Dialog open={creating} onClose={() => setCreating(false)} title={`New ${words.customer.toLowerCase()}`}>
        <NewCustomerForm tenant={tenant} onDone={() => setCreating(false)} />
      </Dialog>
    </>
  );
}
