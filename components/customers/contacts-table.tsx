"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Pager } from "@/components/ui/pager";
import { Table, tdClasses } from "@/components/ui/table";
import { ListControls, type ListSort } from "./list-controls";
import { CustomerCell } from "./customer-cell";
import { NewContactForm } from "./new-contact-form";

const PAGE_SIZE = 25;

/**
 * A customer's contacts, with "Add contact"; without a customer, every contact of the workspace with its customer
 * (adding one starts from its customer).
 */
export function ContactsTable({ tenant, customerId }: { tenant: string; customerId?: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const { role } = useWorkspace();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<ListSort>({ sort: "name", direction: "asc" });
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const deferred = useDeferredValue(search.trim());
  const list = useQuery({
    ...trpc.contacts.list.queryOptions({ tenant, customerId, search: deferred || undefined, ...sort, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const addButton = customerId && roleAtLeast(role, "technician") ? <Button onClick={() => setAdding(true)}>Add {words.contact.toLowerCase()}</Button> : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ListControls id="contacts" search={search} onSearch={(v) => (setSearch(v), setPage(1))} sort={sort} onSort={(v) => (setSort(v), setPage(1))} placeholder={`Search ${words.contacts.toLowerCase()} by name or email…`} />
        {addButton}
      </div>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={deferred ? `No ${words.contacts.toLowerCase()} match` : `No ${words.contacts.toLowerCase()} yet`}>{!deferred && addButton ? <div className="mt-3">{addButton}</div> : null}</EmptyState>
      ) : (
        <>
          <Table caption={words.contacts} columns={customerId ? ["Name", "Email", "Phone"] : ["Name", words.customer, "Email", "Phone"]}>
            {list.data.items.map((c) => (
              <tr key={c.id}>
                <td className={tdClasses}>
                  <Link href={`/${tenant}/contacts/${c.id}`} className={linkClasses}>
                    {c.name}
                  </Link>
                </td>
                {customerId ? null : <CustomerCell tenant={tenant} customerId={c.customerId} name={c.customerName} />}
                <td className={tdClasses}>{c.email || <span className="text-slate-400">—</span>}</td>
                <td className={tdClasses}>{c.phone || <span className="text-slate-400">—</span>}</td>
              </tr>
            ))}
          </Table>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} noun={words.contact.toLowerCase()} onPage={setPage} />
        </>
      )}
      {customerId ? (
        <Dialog open={adding} onClose={() => setAdding(false)} title={`Add ${words.contact.toLowerCase()}`}>
          <NewContactForm tenant={tenant} customerId={customerId} onDone={() => setAdding(false)} />
        </Dialog>
      ) : null}
    </div>
  );
}
