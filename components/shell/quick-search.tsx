"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useEffect, useId, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useTerminology } from "./use-terminology";

/** ⌘K / Ctrl+K: find a password by name, username, domain, URL, tag or customer and jump to its customer. */
export function QuickSearch({ tenant }: { tenant: string }) {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen(true);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="flex w-full max-w-xs items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-500 shadow-sm hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <path d="M8.5 3a5.5 5.5 0 0 1 4.4 8.8l3.6 3.7a1 1 0 0 1-1.4 1.4l-3.7-3.6A5.5 5.5 0 1 1 8.5 3zm0 2a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z" />
        </svg>
        <span className="flex-1 text-left">Search passwords…</span>
        <kbd className="rounded border border-slate-200 bg-slate-50 px-1.5 text-xs font-medium text-slate-500">Ctrl K</kbd>
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Quick search">
        <QuickSearchPanel tenant={tenant} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function QuickSearchPanel({ tenant, onDone }: { tenant: string; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const words = useTerminology();
  const listId = useId();
  const [term, setTerm] = useState("");
  const [active, setActive] = useState(0);
  const search = useDeferredValue(term.trim());
  const results = useQuery({
    ...trpc.credentials.list.queryOptions({ tenant, search, pageSize: 10 }),
    enabled: search.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = search ? (results.data?.items ?? []) : [];
  const selected = Math.min(active, Math.max(items.length - 1, 0));

  function go(index: number) {
    const item = items[index];
    if (!item) return;
    onDone();
    router.push(`/${tenant}/customers/${item.customerId}`);
  }

  return (
    <div>
      <div className="relative">
        <input
          data-autofocus
          type="text"
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-activedescendant={items[selected] ? `${listId}-${items[selected].id}` : undefined}
          aria-label="Search passwords"
          placeholder={`Description, username, domain, URL, tag or ${words.customer.toLowerCase()}`}
          value={term}
          onChange={(e) => {
            setTerm(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((i) => Math.min(i + 1, items.length - 1));
            else if (e.key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
            else if (e.key === "Enter") go(selected);
            else return;
            e.preventDefault();
          }}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus-visible:border-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600"
        />
        {results.isFetching ? (
          <span className="absolute top-2.5 right-3 text-slate-400">
            <Spinner />
          </span>
        ) : null}
      </div>
      <ul id={listId} role="listbox" aria-label="Matching passwords" className="mt-3 max-h-80 overflow-y-auto">
        {items.map((item, i) => (
          <li
            key={item.id}
            id={`${listId}-${item.id}`}
            role="option"
            aria-selected={i === selected}
            onMouseEnter={() => setActive(i)}
            onClick={() => go(i)}
            className={`cursor-pointer rounded-md px-3 py-2 text-sm ${i === selected ? "bg-blue-50 text-blue-900" : "text-slate-800"}`}
          >
            <span className="font-medium">{item.name}</span>
            {item.username ? <span className="text-slate-500"> · {item.username}</span> : null}
            <span className="block text-xs text-slate-500">
              {item.customerName}
              {item.contactName || item.deviceName ? ` › ${item.contactName ?? item.deviceName}` : ""}
              {item.domain ? ` · ${item.domain}` : ""}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-slate-500" aria-live="polite">
        {!search ? "Type to search. ↑ ↓ to move, Enter to open." : results.isPending ? "Searching…" : items.length === 0 ? "No passwords match." : `${results.data?.total ?? items.length} match${(results.data?.total ?? 0) === 1 ? "" : "es"}${(results.data?.total ?? 0) > items.length ? ` (first ${items.length} shown)` : ""}.`}
      </p>
    </div>
  );
}
