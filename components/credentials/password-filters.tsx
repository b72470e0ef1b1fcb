"use client";

import { useQuery } from "@tanstack/react-query";
import { CustomerFilter } from "@/components/customers/customer-filter";
import { useTRPC } from "@/components/providers/trpc";
import type { Terminology } from "@/components/shell/use-terminology";
import { FilterBar, FilterSelect } from "@/components/ui/filter-bar";
import { credentialSorts, expiryWindowLabels, expiryWindows, type CredentialListFilters, type CredentialListOrder, type CredentialSort } from "@/lib/credential-list";
import { kindOptions } from "./kinds";
import type { PasswordListState } from "./use-password-list-state";

/** Each order in words, both ways ("Description A–Z", "Expiring soonest"). */
export function sortOptions(customer: string): { value: string; label: string }[] {
  const words: Record<CredentialSort, [string, string]> = {
    name: ["Description A–Z", "Description Z–A"],
    customer: [`${customer} A–Z`, `${customer} Z–A`],
    username: ["Username A–Z", "Username Z–A"],
    domain: ["Domain A–Z", "Domain Z–A"],
    updated: ["Least recently updated", "Recently updated"],
    expires: ["Expiring soonest", "Expiring latest"],
  };
  return credentialSorts.flatMap((sort) => [
    { value: `${sort}:asc`, label: words[sort][0] },
    { value: `${sort}:desc`, label: words[sort][1] },
  ]);
}

const checkboxClasses = "size-4 rounded border-slate-300 text-blue-700 focus-visible:outline-2 focus-visible:outline-blue-600";

/**
 * The All passwords page's filters: customer (searched on the server), kind, tag, expiry, not working and needs
 * approval, and the order (the column headers sort too, but phones show no header and some orders have no column).
 */
export function PasswordFilters({ tenant, state, words }: { tenant: string; state: PasswordListState; words: Terminology }) {
  const trpc = useTRPC();
  const tags = useQuery(trpc.credentials.tags.queryOptions({ tenant }));
  const { filters, order } = state;
  const set = <K extends keyof CredentialListFilters>(key: K, value: CredentialListFilters[K] | undefined) => state.setFilters({ ...filters, [key]: value || undefined });
  // A tag from a link that no password carries any more stays choosable, so the select shows what is applied.
  const tagOptions = [...new Set([...(tags.data ?? []), ...(filters.tag ? [filters.tag] : [])])].map((t) => ({ value: t, label: t }));

  return (
    <FilterBar
      label="Filter passwords"
      active={state.filtered}
      onClear={state.clearFilters}
      className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 md:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-[repeat(6,minmax(0,1fr))_auto] 2xl:items-end"
    >
      <CustomerFilter
        tenant={tenant}
        id="passwords-customer"
        label={words.customer}
        allLabel={`All ${words.customers.toLowerCase()}`}
        value={filters.customerId ?? ""}
        onChange={(id) => set("customerId", id)}
      />
      <FilterSelect id="passwords-kind" label="Kind" allLabel="All kinds" value={filters.kind ?? ""} options={kindOptions} onValueChange={(v) => set("kind", v as CredentialListFilters["kind"])} />
      <FilterSelect id="passwords-tag" label="Tag" allLabel="Any tag" value={filters.tag ?? ""} options={tagOptions} onValueChange={(v) => set("tag", v)} />
      <FilterSelect
        id="passwords-expiry"
        label="Expiry"
        allLabel="Any expiry"
        value={filters.expiry ?? ""}
        options={expiryWindows.map((w) => ({ value: w, label: expiryWindowLabels[w] }))}
        onValueChange={(v) => set("expiry", v as CredentialListFilters["expiry"])}
      />
      <fieldset className="flex flex-col justify-end gap-1.5 text-sm text-slate-800">
        <legend className="sr-only">Status</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" className={checkboxClasses} checked={filters.notWorking ?? false} onChange={(e) => set("notWorking", e.target.checked)} />
          Not working
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" className={checkboxClasses} checked={filters.needsApproval ?? false} onChange={(e) => set("needsApproval", e.target.checked)} />
          Needs approval
        </label>
      </fieldset>
      {state.setOrder ? (
        <FilterSelect
          id="passwords-sort"
          label="Sort by"
          value={`${order.sort}:${order.direction}`}
          options={sortOptions(words.customer)}
          onValueChange={(v) => {
            const [sort, direction] = v.split(":") as [CredentialListOrder["sort"], CredentialListOrder["direction"]];
            state.setOrder?.({ sort, direction });
          }}
        />
      ) : null}
    </FilterBar>
  );
}
