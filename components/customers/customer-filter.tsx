"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useDeferredValue, useId, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { filterLabelClasses } from "@/components/ui/filter-bar";
import { controlClasses } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";

/** How many matches the picker lists; more are reached by typing (the search runs on the server). */
const SHOWN = 20;
const ALL = "all";

type CustomerFilterProps = {
  tenant: string;
  id: string;
  /** "Customer" or "Site", as the workspace words it. */
  label: string;
  /** The "no filter" choice, e.g. "All customers". */
  allLabel: string;
  /** The chosen customer's id, or "" for all. */
  value: string;
  onChange: (customerId: string) => void;
};

/**
 * A customer filter for workspaces with thousands of customers: a button showing the choice opens a search box (cmdk:
 * combobox, arrow keys, Enter) whose matches come from the server as the member types, archived customers included
 * (their history still counts). Escape closes it and focus goes back to the button.
 */
export function CustomerFilter({ tenant, id, label, allLabel, value, onChange }: CustomerFilterProps) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState("");
  const [chosen, setChosen] = useState("");
  const button = useRef<HTMLButtonElement>(null);
  const labelId = useId();
  const valueId = useId();
  const search = useDeferredValue(term.trim());
  const matches = useQuery({
    ...trpc.customers.list.queryOptions({ tenant, search: search || undefined, pageSize: SHOWN, includeArchived: true }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const current = useQuery({ ...trpc.customers.get.queryOptions({ tenant, customerId: value }), enabled: Boolean(value), retry: false });
  const shownName = !value ? allLabel : (current.data?.name ?? (current.isError ? `Unknown ${label.toLowerCase()}` : "Loading…"));

  function close(refocus: boolean) {
    setOpen(false);
    setTerm("");
    if (refocus) button.current?.focus();
  }

  function choose(customerId: string) {
    onChange(customerId);
    close(true);
  }

  const items = matches.data?.items ?? [];
  // "All" is offered until something is typed; then only matches, the first selected until the member moves (matches
  // arrive after typing), so Enter picks the best match.
  const keys = [...(search ? [] : [ALL]), ...items.map((c) => c.id)];
  const selected = keys.includes(chosen) ? chosen : (keys[0] ?? "");
  const more = (matches.data?.total ?? 0) - items.length;
  const itemClasses = "flex cursor-pointer items-center justify-between gap-2 rounded-md px-3 py-2 text-sm text-slate-800 data-[selected=true]:bg-blue-50 data-[selected=true]:text-blue-900";

  return (
    <div
      className="relative"
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) close(false);
      }}
    >
      <span id={labelId} className={filterLabelClasses}>
        {label}
      </span>
      <button
        ref={button}
        id={id}
        type="button"
        aria-labelledby={`${labelId} ${valueId}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => (open ? close(true) : setOpen(true))}
        className={`${controlClasses} flex items-center justify-between gap-2 text-left`}
      >
        <span id={valueId} className="truncate">
          {shownName}
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 text-slate-500" fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4z" />
        </svg>
      </button>
      {open ? (
        <div className="absolute top-full left-0 z-30 mt-1 w-full min-w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
          <Command
            label={`Search ${label.toLowerCase()}`}
            shouldFilter={false}
            loop
            value={selected}
            onValueChange={setChosen}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                // The filter closes, not the dialog or drawer it may sit in.
                e.preventDefault();
                e.stopPropagation();
                close(true);
              }
            }}
          >
            <div className="relative">
              <Command.Input autoFocus value={term} onValueChange={setTerm} placeholder={`Type to search…`} className={controlClasses} />
              {matches.isFetching ? (
                <span className="absolute top-2.5 right-3 text-slate-400">
                  <Spinner />
                </span>
              ) : null}
            </div>
            <Command.List className="mt-1 max-h-72 overflow-y-auto">
              {search ? null : (
                <Command.Item value={ALL} onSelect={() => choose("")} className={itemClasses}>
                  {allLabel}
                </Command.Item>
              )}
              {items.map((c) => (
                <Command.Item key={c.id} value={c.id} onSelect={() => choose(c.id)} className={itemClasses}>
                  <span className="truncate">{c.name}</span>
                  {c.archivedAt ? <span className="text-xs text-slate-500">Archived</span> : null}
                </Command.Item>
              ))}
              {search && !matches.isFetching && items.length === 0 ? <p className="px-3 py-2 text-sm text-slate-500">No {label.toLowerCase()} matches “{search}”.</p> : null}
            </Command.List>
            {more > 0 ? (
              <p className="mt-1 px-3 text-xs text-slate-500">
                {more.toLocaleString()} more — type to narrow.
              </p>
            ) : null}
          </Command>
        </div>
      ) : null}
    </div>
  );
}
