"use client";

import { useEffect } from "react";

/**
 * Names the browser tab after what the page shows once it is known (a record's name, the workspace's own words for
 * its lists), which the route's static title cannot: "Northwind Dental · Vaultline". Next.js writes the route's
 * static <title> again on every navigation, even one that only changes the query (a filter, a page), so the name is
 * put back whenever the head changes while the page is open.
 */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (!title) return;
    const wanted = `${title} · Vaultline`;
    const apply = () => {
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [title]);
}
