import Link from "next/link";
import { linkClasses } from "@/components/ui/link-classes";
import { auditTargetTitle, type AuditTarget } from "@/lib/audit-actions";
import { auditTargetHref } from "./audit-target-href";

/** An audit event's target by name, linked to its page; the id shows on hover. */
export function AuditTargetCell({ tenant, target }: { tenant: string; target: AuditTarget | null }) {
  if (!target) return <span className="text-slate-400">—</span>;
  const title = auditTargetTitle(target);
  const hover = `${target.noun} ${target.id}`;
  return (
    <span className="block">
      {/* "password Office Wi-Fi"; a target without a name reads "invitation" or "deleted password" on its own. */}
      {target.name !== null ? <span className="text-xs text-slate-500">{target.noun} </span> : null}
      {target.place ? (
        <Link href={auditTargetHref(tenant, target.place)} title={hover} className={`${linkClasses} [overflow-wrap:anywhere]`}>
          {title}
        </Link>
      ) : (
        <span title={hover} className={`[overflow-wrap:anywhere] ${target.gone ? "text-slate-500 italic" : ""}`}>
          {title}
        </span>
      )}
      {target.customerName ? <span className="block text-xs text-slate-500">{target.customerName}</span> : null}
    </span>
  );
}
