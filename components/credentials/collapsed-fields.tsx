import type { ReactNode } from "react";
import type { ColumnLayout } from "./table-columns";

type CollapsibleKey = keyof ColumnLayout["shown"];

/**
 * At the top of a row's details: the fields whose columns the table's width has collapsed (domain, login URL, TOTP,
 * tags), each shown only while its column is hidden, so nothing a wide screen shows is out of reach on a narrow one.
 */
export function CollapsedFields({ layout, fields }: { layout: ColumnLayout; fields: [CollapsibleKey, string, ReactNode][] }) {
  return (
    // Tags collapse first: while their column shows, every one of these does.
    <dl className={`mb-4 hidden gap-4 border-b border-slate-200 pb-4 ${layout.detailsList}`}>
      {fields.map(([key, label, field]) => (
        <div key={key} className={`min-w-0 ${layout.shown[key]}`} data-collapsed-field={key}>
          <dt className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</dt>
          <dd className="mt-1 text-sm text-slate-900">{field}</dd>
        </div>
      ))}
    </dl>
  );
}
