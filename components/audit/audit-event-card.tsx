import { formatDateTime } from "@/components/forms/format";
import { auditActionLabel } from "@/lib/audit-actions";
import { AuditDetailsList } from "./audit-details-list";
import type { AuditRowEvent } from "./audit-event-row";
import { AuditTargetCell } from "./audit-target-cell";

/** One event as a card (phones): what happened and to what first, then who, when and from where. */
export function AuditEventCard({ tenant, event }: { tenant: string; event: AuditRowEvent }) {
  return (
    <li data-audit-event={event.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm">
      <p className="font-medium text-slate-900" title={event.action}>
        {auditActionLabel(event.action)}
      </p>
      <div className="mt-1">
        <AuditTargetCell tenant={tenant} target={event.target} />
      </div>
      <p className="mt-2 text-xs text-slate-600 [overflow-wrap:anywhere]">
        {event.actorLabel} ·{" "}
        <time dateTime={event.at.toISOString()} title={event.at.toISOString()}>
          {formatDateTime(event.at, true)}
        </time>
        {event.ip ? ` · ${event.ip}` : null}
      </p>
      {Object.keys(event.details).length > 0 ? (
        <div className="mt-2">
          <AuditDetailsList details={event.details} />
        </div>
      ) : null}
    </li>
  );
}
