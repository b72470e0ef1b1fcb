import type { PreviewRow } from "@/lib/imports";
import { Badge } from "@/components/ui/badge";
import { Table, tdClasses } from "@/components/ui/table";

const masked = (value: "set" | "empty", what: string) =>
  value === "set" ? <span aria-label={`${what} set (hidden)`}>••••••</span> : <span className="text-slate-500">none</span>;

/** The first rows as they will be stored: secret fields show only whether they hold something. */
export function PreviewTable({ rows, customerLabel }: { rows: PreviewRow[]; customerLabel: string }) {
  return (
    <Table caption="The first rows as they will be stored" columns={["Row", customerLabel, "Description", "Username", "Password", "URL", "Notes, TOTP, fields"]}>
      {rows.map((row) => (
        <tr key={row.row}>
          <td className={`${tdClasses} tabular-nums text-slate-500`}>{row.row}</td>
          <td className={tdClasses}>
            {row.customer}
            {row.holder ? <span className="block text-xs text-slate-500">{row.holder}</span> : null}
          </td>
          <td className={`${tdClasses} max-w-48 break-words`}>
            {row.name}
            {row.tags.length > 0 ? (
              <span className="mt-1 flex flex-wrap gap-1">
                {row.tags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </span>
            ) : null}
          </td>
          <td className={`${tdClasses} max-w-40 break-words`}>{row.username || <span className="text-slate-500">none</span>}</td>
          <td className={tdClasses}>{masked(row.password, "Password")}</td>
          <td className={`${tdClasses} max-w-48 break-all`}>{row.loginUrl || <span className="text-slate-500">none</span>}</td>
          <td className={`${tdClasses} text-xs`}>
            <span className="block">Notes: {masked(row.notes, "Notes")}</span>
            <span className="block">TOTP: {masked(row.totp, "TOTP")}</span>
            {row.customFields.map((field, i) => (
              <span key={`${field.label}-${i}`} className="block break-words">
                {field.label}: {field.secret ? <span aria-label="secret value (hidden)">•••• (sealed)</span> : field.value}
              </span>
            ))}
          </td>
        </tr>
      ))}
    </Table>
  );
}
