"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export type PickedCredential = { id: string; name: string; username: string; customerName: string };

type PickerWords = {
  /** What the chosen ones are, as the list's name: "Passwords in this group". */
  label: string;
  /** Where Add puts a password and Remove takes it from: "the group". */
  into: string;
};

/** Hand-picked passwords (a static group's, an export's): a search to add from, and the chosen ones with Remove. */
export function CredentialPicker({
  tenant,
  value,
  onChange,
  words = { label: "Passwords in this group", into: "the group" },
  idPrefix = "cg-picker",
}: {
  tenant: string;
  value: PickedCredential[];
  onChange: (next: PickedCredential[]) => void;
  words?: PickerWords;
  idPrefix?: string;
}) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const term = useDeferredValue(search.trim());
  const results = useQuery({
    ...trpc.credentials.list.queryOptions({ tenant, search: term, page: 1, pageSize: 10 }),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
  const chosen = new Set(value.map((c) => c.id));
  const candidates = (results.data?.items ?? []).filter((c) => !chosen.has(c.id));

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">{words.label}</legend>
      {value.length === 0 ? (
        <p className="text-sm text-slate-500">None yet: search below and add them.</p>
      ) : (
        <ul className="max-h-56 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 text-sm" aria-label={words.label}>
          {value.map((c) => (
            <li key={c.id} className="flex items-center gap-2 px-3 py-1.5">
              <span className="min-w-0 flex-1 truncate">
                <span className="font-medium text-slate-900">{c.name}</span>
                <span className="text-slate-500">
                  {c.username ? ` · ${c.username}` : ""} · {c.customerName}
                </span>
              </span>
              <Button size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs" onClick={() => onChange(value.filter((x) => x.id !== c.id))} aria-label={`Remove ${c.name} from ${words.into}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <label htmlFor={`${idPrefix}-search`} className="mb-1 block text-sm font-medium text-slate-800">
          Find passwords to add
        </label>
        <Input id={`${idPrefix}-search`} type="search" placeholder="Description, username, domain…" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {term ? (
        results.isPending ? (
          <p className="text-sm text-slate-500">Searching…</p>
        ) : results.isError ? (
          <p className="text-sm text-red-700">The search failed: {results.error.message}</p>
        ) : candidates.length === 0 ? (
          <p className="text-sm text-slate-500">No other passwords match.</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm" aria-label="Search results">
            {candidates.map((c) => (
              <li key={c.id} className="flex items-center gap-2 px-3 py-1.5">
                <span className="min-w-0 flex-1 truncate">
                  <span className="font-medium text-slate-900">{c.name}</span>
                  <span className="text-slate-500">
                    {c.username ? ` · ${c.username}` : ""} · {c.customerName}
                  </span>
                </span>
                <Button
                  size="sm"
                  variant="secondary"
                  className="px-1.5 py-0.5 text-xs"
                  onClick={() => onChange([...value, { id: c.id, name: c.name, username: c.username, customerName: c.customerName }])}
                  aria-label={`Add ${c.name} to ${words.into}`}
                >
                  Add
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </fieldset>
  );
}
