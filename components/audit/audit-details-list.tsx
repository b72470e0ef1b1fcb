import type { AuditEventItem } from "@/server/services/audit/list-audit-events";

function detailText(value: AuditEventItem["details"][string]): string {
  if (Array.isArray(value)) return value.join(", ");
  return value === null ? "—" : String(value);
}

/** An event's details (names and ids, never secret values), one `key=value` a line. */
export function AuditDetailsList({ details }: { details: AuditEventItem["details"] }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {entries.map(([k, v]) => (
        <li key={k} className="[overflow-wrap:anywhere]">
          {k}={detailText(v)}
        </li>
      ))}
    </ul>
  );
}
