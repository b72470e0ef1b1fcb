"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/** The audit log's filters as the form holds them; dates are whole local days (YYYY-MM-DD), "to" included. */
export type AuditFilterValues = { action: string; member: string; customer: string; from: string; to: string };
export const auditFilterKeys = ["action", "member", "customer", "from", "to"] as const satisfies readonly (keyof AuditFilterValues)[];

/**
 * The filters kept in the URL's search params (?action=&member=&customer=&from=&to=), so a filtered log can be
 * bookmarked, shared and reloaded; changing them replaces the history entry rather than adding one per keystroke.
 */
export function useAuditFilters(): [AuditFilterValues, (values: AuditFilterValues) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const values = Object.fromEntries(auditFilterKeys.map((key) => [key, params.get(key) ?? ""])) as AuditFilterValues;
  const setValues = useCallback(
    (next: AuditFilterValues) => {
      const search = new URLSearchParams(auditFilterKeys.filter((key) => next[key]).map((key) => [key, next[key]]));
      const query = search.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return [values, setValues];
}
