import type { ReactNode } from "react";

export const thClasses = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
export const tdClasses = "px-4 py-3 align-top text-sm text-slate-800";

/**
 * A bordered, horizontally scrollable table with a caption for screen readers and a header row. The scroll box is a
 * named, focusable region, so a keyboard can scroll it when it is wider than the screen (named apart from the section
 * around it, which often carries the caption's words).
 */
/**
 * A column's header; `className` lets a table hide low-priority columns or size them, and `labelHidden` keeps a
 * narrow column's header for screen readers only (e.g. a row's action button).
 */
export type TableColumn = string | { label: string; className?: string; labelHidden?: boolean };

type TableProps = {
  caption: string;
  columns: readonly TableColumn[];
  children: ReactNode;
  /** Extra classes for the <table> (fixed layout, card layout on phones). */
  tableClassName?: string;
};

export function Table({ caption, columns, children, tableClassName = "" }: TableProps) {
  return (
    <div
      role="region"
      aria-label={`Table: ${caption}`}
      tabIndex={0}
      className="@container overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
    >
      <table className={`min-w-full divide-y divide-slate-200 ${tableClassName}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => {
              const { label, className = "", labelHidden = false } = typeof c === "string" ? { label: c } : c;
              return (
                <th key={label} scope="col" className={`${thClasses} ${className}`}>
                  {labelHidden ? <span className="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
