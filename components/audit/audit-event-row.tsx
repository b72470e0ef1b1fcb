import { formatDateTime } from "@/components/forms/format";
import { tdClasses } from "@/components/ui/table";

export type AuditRowEvent = {
  id: number;
  at: Date;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, string | number | boolean | null | string[]>;
};

function detailText(value: string | number | boolean | null | string[]): string {
  if (Array.isArray(value)) return value.join(", ");
  return value === null ? "—" : String(value);
}

export function AuditEventRow({ event }: { event: AuditRowEvent }) {
  const details = Object.entries(event.details);
  return (
    <tr>
      <td className={`${tdClasses} whitespace-nowrap`}>
        <time dateTime={event.at.toISOString()} title={event.at.toISOString()}>
          {formatDateTime(event.at, true)}
        </time>
      </td>
      <td className={`${tdClasses} whitespace-nowrap`}>{event.actorLabel}</td>
      <td className={`${tdClasses} font-mono text-xs whitespace-nowrap`}>{event.action}</td>
      <td className={`${tdClasses} max-w-48`}>
        {event.targetType ? (
          <>
            <span className="text-slate-600">{event.targetType}</span>
            {event.targetId ? <span className="block font-mono text-xs text-slate-500 [overflow-wrap:anywhere]">{event.targetId}</span> : null}
          </>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </td>
      <td className={`${tdClasses} font-mono text-xs whitespace-nowrap`}>{event.ip ?? "—"}</td>
      <td className={`${tdClasses} min-w-48`}>
        {details.length === 0 ? (
          <span className="text-slate-400">—</span>
        ) : (
          <ul className="space-y-0.5 font-mono text-xs">
            {details.map(([k, v]) => (
              <li key={k} className="[overflow-wrap:anywhere]">
                {k}={detailText(v)}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
