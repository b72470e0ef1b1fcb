"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export type UrlParamsUpdate = {
  /** "push" adds a history entry (Back undoes the change); "replace" (for typing) does not. */
  history?: "push" | "replace";
  /** Keep the search params this hook does not own (a landing `?credential=`); by default they go. */
  keepOthers?: boolean;
};

/**
 * A page's state kept in its URL's search params (one string a key, empty when unset), so a filtered, sorted list can
 * be bookmarked, shared, reloaded and walked back. Writes go through Next's router, not the History API: after Back,
 * Next's traversal may still be committing, and it then wrote its own URL over a pushState made meanwhile (a filter
 * ticked just after Back would not stick); the router queues the two in order.
 */
export function useUrlParams<K extends string>(keys: readonly K[]): [Record<K, string>, (next: Partial<Record<K, string>>, update?: UrlParamsUpdate) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const joined = keys.join(",");
  const values = useMemo(
    () => Object.fromEntries(joined.split(",").map((key) => [key, params.get(key) ?? ""])) as Record<K, string>,
    [params, joined],
  );
  const setValues = useCallback(
    (next: Partial<Record<K, string>>, { history = "push", keepOthers = false }: UrlParamsUpdate = {}) => {
      const owned = joined.split(",");
      const current = new URLSearchParams(window.location.search);
      const search = new URLSearchParams(keepOthers ? [...current].filter(([key]) => !owned.includes(key)) : []);
      for (const key of owned) {
        const value = next[key as K];
        if (value) search.set(key, value);
      }
      const query = search.toString();
      const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      // A replace (typing, landing on a row's page) stays in the History API: a router navigation re-applies the
      // route's static <title> over the record's name (useDocumentTitle), which the vault e2e caught.
      if (history === "push") router.push(url, { scroll: false });
      else window.history.replaceState(null, "", url);
    },
    [joined, router],
  );
  return [values, setValues];
}
