"use client";

import { Input } from "@/components/ui/input";

export type ListSort = { sort: "name" | "updated"; direction: "asc" | "desc" };

const sortOptions = [
  { value: "name:asc", label: "Name A–Z" },
  { value: "name:desc", label: "Name Z–A" },
  { value: "updated:desc", label: "Recently updated" },
  { value: "updated:asc", label: "Least recently updated" },
] as const;

/** Search box and sort order above an entity list. */
export function ListControls({ id, search, onSearch, sort, onSort, placeholder }: { id: string; search: string; onSearch: (v: string) => void; sort: ListSort; onSort: (v: ListSort) => void; placeholder: string }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div className="w-full max-w-sm">
        <label htmlFor={`${id}-search`} className="sr-only">
          Search
        </label>
        <Input id={`${id}-search`} type="search" placeholder={placeholder} value={search} onChange={(e) => onSearch(e.target.value)} />
      </div>
      <label htmlFor={`${id}-sort`} className="sr-only">
        Sort by
      </label>
      <select
        id={`${id}-sort`}
        value={`${sort.sort}:${sort.direction}`}
        onChange={(e) => {
          const [s, d] = e.target.value.split(":") as [ListSort["sort"], ListSort["direction"]];
          onSort({ sort: s, direction: d });
        }}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-800 shadow-sm focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        {sortOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
