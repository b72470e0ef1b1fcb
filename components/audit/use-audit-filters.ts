"use client";

import { useCallback } from "react";
import { useUrlParams } from "@/components/ui/use-url-params";

/** The audit log's filters as the form holds them; dates are whole local days (YYYY-MM-DD), "to" included. */
export type AuditFilterValues = { action: string; member: string; customer: string; from: string; to: string };
export const auditFilterKeys = ["action", "member", "customer", "from", "to"] as const satisfies readonly (keyof AuditFilterValues)[];

/**
 * The filters kept in the URL's search params (?action=&member=&customer=&from=&to=), so a filtered log can be
 * bookmarked, shared and reloaded; changing them replaces the history entry rather than adding one per keystroke.
 */
export function useAuditFilters(): [AuditFilterValues, (values: AuditFilterValues) => void] {
  const [values, set] = useUrlParams(auditFilterKeys);
  const setValues = useCallback((next: AuditFilterValues) => set(next, { history: "replace" }), [set]);
  return [values, setValues];
}
