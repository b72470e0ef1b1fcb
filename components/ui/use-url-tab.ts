"use client";

import { useState } from "react";

/**
 * The open tab of a page, kept in its URL (?tab=) without a navigation, so a reload or a shared link opens the same
 * tab. `initial` is the ?tab= the page was opened with; an unknown one opens the first tab.
 */
export function useUrlTab<T extends string>(ids: readonly [T, ...T[]], initial: string | undefined) {
  const [tab, setTab] = useState<T>(ids.find((t) => t === initial) ?? ids[0]);
  function select(id: string) {
    const next = ids.find((t) => t === id);
    if (!next) return;
    setTab(next);
    const url = new URL(window.location.href);
    url.searchParams.set("tab", next);
    window.history.replaceState(window.history.state, "", url);
  }
  return [tab, select] as const;
}
