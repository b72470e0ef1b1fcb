"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useRef, useState, type ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchBox } from "@/components/ui/filter-bar";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table } from "@/components/ui/table";
import { useMediaQuery } from "@/components/ui/use-media-query";
import { AddCredentialForm } from "./add-credential-form";
import { CredentialRow, type RowPermissions } from "./credential-row";
import { Pager } from "@/components/ui/pager";
import { CARDS_QUERY, cardTableClasses, passwordsTableColumns } from "./table-columns";
import type { CredentialListQuery, CredentialRow as CredentialRowData, CredentialTarget } from "./types";
import { useLandingCredential } from "./use-landing-credential";
import { useLocalPasswordList, type PasswordListState } from "./use-password-list-state";

const PAGE_SIZE = 25;

type PasswordsTableProps = {
  tenant: string;
  /** Whose passwords; without it, every password of the workspace (with customer and owner columns). */
  target?: CredentialTarget;
  /** The customer of the target, so "Add password" starts there. */
  customerId?: string;
  title?: string;
  /** Where the search, filters, order and page live (the All passwords page keeps them in its URL); by default, here. */
  list?: PasswordListState;
  /** The filter bar, shown between the search box and the table. */
  filters?: ReactNode;
};

/** The passwords of a customer, contact or device (or of the whole workspace): search, pages, inline editing. */
export function PasswordsTable({ tenant, target, customerId, title = "Passwords", list: given, filters }: PasswordsTableProps) {
  const trpc = useTRPC();
  const { role } = useWorkspace();
  const words = useTerminology();
  const local = useLocalPasswordList();
  const state = given ?? local;
  const [adding, setAdding] = useState(false);
  const deferredSearch = useDeferredValue(state.search.trim());
  const query: CredentialListQuery = { target, search: deferredSearch || undefined, ...state.filters, ...state.order };
  const list = useQuery({
    ...trpc.credentials.list.queryOptions({ tenant, ...query, page: state.page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  // Below 640 px the rows are cards: a list of named cards for assistive technology, not a table without a header.
  const cards = useMediaQuery(CARDS_QUERY);
  const section = useRef<HTMLElement>(null);
  useLandingCredential({ tenant, query, pageSize: PAGE_SIZE, onPage: state.landOnPage, container: section, shownIds: list.data?.items.map((c) => c.id) });

  // Each row's buttons follow the server's verdict on that password (role, shares, restricted technicians, approval,
  // copy-only).
  const permissionsOf = (c: CredentialRowData): RowPermissions => ({
    canEdit: c.can.edit,
    canDelete: c.can.delete,
    // Copy-only passwords can still be copied; the cell withholds Reveal for them.
    canReveal: c.can.copy,
    canSeeHistory: c.can.viewHistory,
    canRevealHistory: c.can.revealVersion,
    canOverridePolicy: c.can.overridePolicy,
  });
  const showOwner = !target;
  const columns = passwordsTableColumns(showOwner ? words.customer : null, state.setOrder ? { order: state.order, onSort: state.setOrder } : null);
  const addButton = roleAtLeast(role, "technician") ? <Button onClick={() => setAdding(true)}>Add password</Button> : null;
  const initialTarget = { customerId: customerId ?? (target?.type === "customer" ? target.id : ""), target: target ?? null };

  return (
    <section ref={section} aria-label={title} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchBox
          id={`search-${target?.id ?? "all"}`}
          label="Search passwords"
          placeholder={showOwner ? `Search description, username, domain, URL, tag, ${words.customer.toLowerCase()}…` : "Search passwords…"}
          value={state.search}
          onValueChange={state.setSearch}
        />
        {addButton}
      </div>
      {filters}
      {list.isPending ? (
        <LoadingBlock label="Loading passwords…" />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 && state.filtered ? (
        <EmptyState title="No passwords match these filters">
          <Button variant="secondary" className="mt-3" onClick={state.clearFilters}>
            Clear filters
          </Button>
        </EmptyState>
      ) : list.data.items.length === 0 ? (
        <EmptyState title={deferredSearch ? "No passwords match this search" : "No passwords yet"}>
          {deferredSearch ? "Search looks at description, username, domain, URL and tags — never at secrets." : addButton ? <div className="mt-3">{addButton}</div> : null}
        </EmptyState>
      ) : (
        <>
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <Table caption={title} columns={columns} tableClassName={cardTableClasses} asList={cards}>
              {list.data.items.map((c) => (
                <CredentialRow key={c.id} tenant={tenant} credential={c} permissions={permissionsOf(c)} showOwner={showOwner} card={cards} />
              ))}
            </Table>
          </div>
          <Pager page={state.page} pageSize={PAGE_SIZE} total={list.data.total} noun="password" onPage={state.setPage} />
        </>
      )}
      <Dialog open={adding} onClose={() => setAdding(false)} size="lg" title="Add password" description="Password, notes, TOTP seed and secret fields are encrypted. Nothing secret appears in lists.">
        <AddCredentialForm tenant={tenant} initial={initialTarget} onDone={() => setAdding(false)} />
      </Dialog>
    </section>
  );
}
