"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table } from "@/components/ui/table";
import { useMediaQuery } from "@/components/ui/use-media-query";
import { AddCredentialForm } from "./add-credential-form";
import { CredentialRow, type RowPermissions } from "./credential-row";
import { Pager } from "@/components/ui/pager";
import { CARDS_QUERY, cardTableClasses, passwordsTableColumns } from "./table-columns";
import type { CredentialRow as CredentialRowData, CredentialTarget } from "./types";
import { useLandingCredential } from "./use-landing-credential";

const PAGE_SIZE = 25;

type PasswordsTableProps = {
  tenant: string;
  /** Whose passwords; without it, every password of the workspace (with customer and owner columns). */
  target?: CredentialTarget;
  /** The customer of the target, so "Add password" starts there. */
  customerId?: string;
  title?: string;
};

/** The passwords of a customer, contact or device (or of the whole workspace): search, pages, inline editing. */
export function PasswordsTable({ tenant, target, customerId, title = "Passwords" }: PasswordsTableProps) {
  const trpc = useTRPC();
  const { role } = useWorkspace();
  const words = useTerminology();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const deferredSearch = useDeferredValue(search.trim());
  const list = useQuery({
    ...trpc.credentials.list.queryOptions({ tenant, target, search: deferredSearch || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  // Below 640 px the rows are cards: a list of named cards for assistive technology, not a table without a header.
  const cards = useMediaQuery(CARDS_QUERY);
  const section = useRef<HTMLElement>(null);
  useLandingCredential({ tenant, target, pageSize: PAGE_SIZE, onPage: setPage, container: section, shownIds: list.data?.items.map((c) => c.id) });

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
  const columns = passwordsTableColumns(showOwner ? words.customer : null);
  const addButton = roleAtLeast(role, "technician") ? <Button onClick={() => setAdding(true)}>Add password</Button> : null;
  const initialTarget = { customerId: customerId ?? (target?.type === "customer" ? target.id : ""), target: target ?? null };

  return (
    <section ref={section} aria-label={title} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="w-full max-w-sm">
          <label htmlFor={`search-${target?.id ?? "all"}`} className="sr-only">
            Search passwords
          </label>
          <Input
            id={`search-${target?.id ?? "all"}`}
            type="search"
            placeholder={showOwner ? `Search description, username, domain, URL, tag, ${words.customer.toLowerCase()}…` : "Search passwords…"}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </div>
        {addButton}
      </div>
      {list.isPending ? (
        <LoadingBlock label="Loading passwords…" />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
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
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} noun="password" onPage={setPage} />
        </>
      )}
      <Dialog open={adding} onClose={() => setAdding(false)} size="lg" title="Add password" description="Password, notes, TOTP seed and secret fields are encrypted. Nothing secret appears in lists.">
        <AddCredentialForm tenant={tenant} initial={initialTarget} onDone={() => setAdding(false)} />
      </Dialog>
    </section>
  );
}
