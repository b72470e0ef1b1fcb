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
  /**
   * Exposed as a list named by the caption instead of a table, while the rows are laid out as cards (the rows then
   * say `role="listitem"` and name themselves; header cells mean nothing there).
   */
  asList?: boolean;
};

export function Table({ caption, columns, children, tableClassName = "", asList = false }: TableProps) {
  return (
    <div
      role="region"
      aria-label={`Table: ${caption}`}
      tabIndex={0}
      className="@container overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
    >
      <table role={asList ? "list" : undefined} aria-label={asList ? caption : undefined} className={`min-w-full divide-y divide-slate-200 ${tableClassName}`}>
        {asList ? null : <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50" hidden={asList}>
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
        <tbody role={asList ? "none" : undefined} className="divide-y divide-slate-100">
          {children}
        </tbody>
      </table>
    </div>
  );
}
