"use client";

import { FilterSelect, SearchBox } from "@/components/ui/filter-bar";

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
      <SearchBox id={`${id}-search`} label="Search" placeholder={placeholder} value={search} onValueChange={onSearch} />
      <FilterSelect
        id={`${id}-sort`}
        label="Sort by"
        labelHidden
        value={`${sort.sort}:${sort.direction}`}
        options={sortOptions}
        onValueChange={(value) => {
          const [s, d] = value.split(":") as [ListSort["sort"], ListSort["direction"]];
          onSort({ sort: s, direction: d });
        }}
      />
    </div>
  );
}
