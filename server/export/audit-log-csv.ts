import "server-only";
import { auditActionLabel, auditTargetTitle } from "@/lib/audit-actions";
import type { AuditEventItem } from "@/server/services/audit/list-audit-events";
import { writeCsv } from "./csv";

export const AUDIT_CSV_COLUMNS = ["Time (UTC)", "Member", "Action", "Action code", "Target", "Target type", "Customer", "Target id", "IP address", "Details"] as const;

function detailLines(details: AuditEventItem["details"]): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join("\n");
}

function auditCsvRow(event: AuditEventItem): string[] {
  const { target } = event;
  return [
    event.at.toISOString(),
    event.actorLabel,
    auditActionLabel(event.action),
    event.action,
    target ? auditTargetTitle(target) : "",
    target?.noun ?? "",
    target?.customerName ?? "",
    target?.id ?? "",
    event.ip ?? "",
    detailLines(event.details),
  ];
}

/** The audit log export as CSV text pieces, written by the shared formula-safe writer (csv.ts). */
export function writeAuditLogCsv(events: Iterable<AuditEventItem>): AsyncGenerator<string> {
  return writeCsv(AUDIT_CSV_COLUMNS, mapRows(events), { byteOrderMark: true });
}

function* mapRows(events: Iterable<AuditEventItem>): Generator<string[]> {
  for (const event of events) yield auditCsvRow(event);
}
