"use client";

import { useEffect } from "react";

/**
 * Names the browser tab after what the page shows once it is known (a record's name, the workspace's own words for
 * its lists), which the route's static title cannot: "Northwind Dental · Vaultline".
 */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (title) document.title = `${title} · Vaultline`;
  }, [title]);
}
