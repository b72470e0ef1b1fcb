"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export type UrlParamsUpdate = {
  /** "push" adds a history entry (Back undoes the change); "replace" (for typing) does not. */
  history?: "push" | "replace";
  /** Keep the search params this hook does not own (a landing `?credential=`); by default they go. */
  keepOthers?: boolean;
};

/**
 * A page's state kept in its URL's search params (one string a key, empty when unset), so a filtered, sorted list can
 * be bookmarked, shared, reloaded and walked back. Writes go through the History API, which Next.js keeps in step with
 * useSearchParams without asking the server for the page again.
 */
export function useUrlParams<K extends string>(keys: readonly K[]): [Record<K, string>, (next: Partial<Record<K, string>>, update?: UrlParamsUpdate) => void] {
  const params = useSearchParams();
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
      if (history === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [joined],
  );
  return [values, setValues];
}
