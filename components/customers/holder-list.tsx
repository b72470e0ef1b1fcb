"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState, type ReactNode } from "react";
import { type ErrorLike } from "@/components/forms/trpc-errors";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Pager } from "@/components/ui/pager";
import { Table, tdClasses } from "@/components/ui/table";
import { roleAtLeast } from "@/lib/validation";
import { CustomerCell } from "./customer-cell";
import { ListControls, type ListSort } from "./list-controls";

/*
 * What the contacts and devices lists share: search, sort and page state, the list's states (loading, error, empty,
 * rows), the name and customer columns, the pager and the "Add …" dialog. Each list brings its query, its own columns
 * and its form.
 */

export const HOLDER_PAGE_SIZE = 25;

/** The search, sort and page a holder list asks its query for; a new search or sort goes back to page 1. */
export function useHolderListState() {
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<ListSort>({ sort: "name", direction: "asc" });
  const [page, setPage] = useState(1);
  const deferred = useDeferredValue(search.trim());
  return {
    search,
    onSearch: (value: string) => (setSearch(value), setPage(1)),
    sort,
    onSort: (value: ListSort) => (setSort(value), setPage(1)),
    page,
    setPage,
    /** The query input: the search as typed once React has caught up, the sort and the page. */
    input: { search: deferred || undefined, ...sort, page, pageSize: HOLDER_PAGE_SIZE },
  };
}

type HolderRow = { id: string; name: string; customerId: string; customerName: string };

export function HolderList<Row extends HolderRow>(props: {
  tenant: string;
  /** Without a customer, the workspace-wide list: a customer column, and adding starts from a customer. */
  customerId?: string;
  path: "contacts" | "devices";
  state: ReturnType<typeof useHolderListState>;
  list: UseQueryResult<{ items: Row[]; total: number }, ErrorLike>;
  /** Singular and plural, in the workspace's words ("contact", "contacts"). */
  noun: string;
  nouns: string;
  caption: string;
  searchPlaceholder: string;
  columns: string[];
  cells: (row: Row) => ReactNode;
  addDialog: { description?: string; form: (onDone: () => void) => ReactNode };
}) {
  const { tenant, customerId, state, list, noun, nouns } = props;
  const words = useTerminology();
  const { role } = useWorkspace();
  const [adding, setAdding] = useState(false);
  const searching = state.input.search !== undefined;
  const addButton = customerId && roleAtLeast(role, "technician") ? <Button onClick={() => setAdding(true)}>Add {noun}</Button> : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ListControls id={props.path} search={state.search} onSearch={state.onSearch} sort={state.sort} onSort={state.onSort} placeholder={props.searchPlaceholder} />
        {addButton}
      </div>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={searching ? `No ${nouns} match` : `No ${nouns} yet`}>{!searching && addButton ? <div className="mt-3">{addButton}</div> : null}</EmptyState>
      ) : (
        <>
          <Table caption={props.caption} columns={[...(customerId ? ["Name"] : ["Name", words.customer]), ...props.columns]}>
            {list.data.items.map((row) => (
              <tr key={row.id}>
                <td className={tdClasses}>
                  <Link href={`/${tenant}/${props.path}/${row.id}`} className={linkClasses}>
                    {row.name}
                  </Link>
                </td>
                {customerId ? null : <CustomerCell tenant={tenant} customerId={row.customerId} name={row.customerName} />}
                {props.cells(row)}
              </tr>
            ))}
          </Table>
          <Pager page={state.page} pageSize={HOLDER_PAGE_SIZE} total={list.data.total} noun={noun} onPage={state.setPage} />
        </>
      )}
      {customerId ? (
        <Dialog open={adding} onClose={() => setAdding(false)} title={`Add ${noun}`} description={props.addDialog.description}>
          {props.addDialog.form(() => setAdding(false))}
        </Dialog>
      ) : null}
    </div>
  );
}

/** A text cell that shows a dash when empty. */
export function OptionalCell({ value, mono }: { value: string | null | undefined; mono?: boolean }) {
  return <td className={mono ? `${tdClasses} font-mono text-xs` : tdClasses}>{value || <span className="text-slate-400">—</span>}</td>;
}
