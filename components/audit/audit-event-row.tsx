import { formatDateTime } from "@/components/forms/format";
import { tdClasses } from "@/components/ui/table";
import { auditActionLabel } from "@/lib/audit-actions";
import type { AuditEventItem } from "@/server/services/audit/list-audit-events";
import { AuditDetailsList } from "./audit-details-list";
import { AuditTargetCell } from "./audit-target-cell";

export type AuditRowEvent = Omit<AuditEventItem, "userAgent" | "actorUserId">;

/** One event as a table row (wide screens): the action in words, its code on hover. */
export function AuditEventRow({ tenant, event }: { tenant: string; event: AuditRowEvent }) {
  return (
    <tr data-audit-event={event.id}>
      <td className={`${tdClasses} whitespace-nowrap`}>
        <time dateTime={event.at.toISOString()} title={event.at.toISOString()}>
          {formatDateTime(event.at, true)}
        </time>
      </td>
      <td className={`${tdClasses} max-w-56 [overflow-wrap:anywhere]`}>{event.actorLabel}</td>
      <td className={tdClasses} title={event.action}>
        {auditActionLabel(event.action)}
      </td>
      <td className={`${tdClasses} max-w-64`}>
        <AuditTargetCell tenant={tenant} target={event.target} />
      </td>
      <td className={`${tdClasses} font-mono text-xs whitespace-nowrap`}>{event.ip ?? "—"}</td>
      <td className={`${tdClasses} min-w-48`}>
        <AuditDetailsList details={event.details} />
      </td>
    </tr>
  );
}
