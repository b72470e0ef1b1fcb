import "server-only";
import type { AuditDetails } from "@/db/schema";
import { AUDIT_EXPORT_MAX_EVENTS } from "@/lib/audit-actions";
import type { TenantScope } from "@/server/scope";
import { audit } from "./record-audit-event";
import { auditFiltersInput, selectAuditEvents, type AuditEventItem, type AuditFilters } from "./list-audit-events";

/** Events read per query: each page is one query with its targets named (selectAuditEvents). */
const EVENTS_PER_READ = 1_000;

export type AuditLogExport = { events: AuditEventItem[]; truncated: boolean; fileName: string };

/**
 * The audit events matching `filters`, newest first, for the CSV export, at most AUDIT_EXPORT_MAX_EVENTS of them; and
 * the export itself recorded in the log, with its filters and size. Audit details never hold secrets, so neither does
 * the file. Whoever may read the audit log may export it (the router's rung).
 */
export async function exportAuditLog(scope: TenantScope, input: AuditFilters, tenantSlug: string): Promise<AuditLogExport> {
  const filters = auditFiltersInput.parse(input);
  const events: AuditEventItem[] = [];
  // One event past the cap tells whether the file is cut short.
  while (events.length <= AUDIT_EXPORT_MAX_EVENTS) {
    const limit = Math.min(EVENTS_PER_READ, AUDIT_EXPORT_MAX_EVENTS + 1 - events.length);
    const page = await selectAuditEvents(scope, filters, { before: events.at(-1)?.id, limit });
    events.push(...page);
    if (page.length < limit) break;
  }
  const truncated = events.length > AUDIT_EXPORT_MAX_EVENTS;
  const kept = events.slice(0, AUDIT_EXPORT_MAX_EVENTS);
  await audit(scope, { action: "audit.exported", details: { events: kept.length, truncated, ...filterDetails(filters) } });
  const day = new Date().toISOString().slice(0, 10);
  return { events: kept, truncated, fileName: `${tenantSlug}-audit-log-${day}.csv` };
}

/** The filters the export used, as the audit event records them (ids and dates only). */
function filterDetails(filters: AuditFilters): AuditDetails {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
