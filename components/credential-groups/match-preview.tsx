"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { toCriteria, type CriteriaDraft } from "./criteria";

/** "Matches N passwords" with the first few, counted by the server as the criteria change. */
export function MatchPreview({ tenant, value }: { tenant: string; value: CriteriaDraft }) {
  const trpc = useTRPC();
  // Deferred as a string: a fresh object every render would keep React re-rendering in the background.
  const criteria = JSON.parse(useDeferredValue(JSON.stringify(toCriteria(value)))) as ReturnType<typeof toCriteria>;
  const empty = Object.keys(criteria).length === 0;
  const preview = useQuery({ ...trpc.credentialGroups.preview.queryOptions({ tenant, criteria }), enabled: !empty, placeholderData: keepPreviousData });

  if (empty) return <p className="text-sm text-slate-600">Set at least one criterion.</p>;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
      <p role="status" aria-live="polite" className="font-medium text-slate-800">
        {preview.isPending
          ? "Counting matches…"
          : preview.isError
            ? "Could not count the matches."
            : `Matches ${preview.data.total} password${preview.data.total === 1 ? "" : "s"}${preview.isFetching ? " (updating…)" : ""}`}
      </p>
      {preview.data && preview.data.items.length > 0 ? (
        <ul className="mt-1 space-y-0.5 text-slate-600" aria-label="First matching passwords">
          {preview.data.items.map((c) => (
            <li key={c.id}>
              {c.name} <span className="text-slate-500">· {c.customerName}</span>
            </li>
          ))}
          {preview.data.total > preview.data.items.length ? <li className="text-slate-500">…and {preview.data.total - preview.data.items.length} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
