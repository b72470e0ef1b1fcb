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
export type TableColumn = string | { label: string; className?: string; labelHidden?: boolean; sort?: ColumnSort };

/**
 * A column the list can be ordered by: its header holds a button that sorts by it (or turns the order around when it
 * is already the order), and announces the order through aria-sort.
 */
export type ColumnSort = { direction: "ascending" | "descending" | null; onSort: () => void };

function SortButton({ label, sort }: { label: string; sort: ColumnSort }) {
  const next = sort.direction === "ascending" ? "descending" : "ascending";
  return (
    <button
      type="button"
      onClick={sort.onSort}
      title={`Sort by ${label.toLowerCase()}, ${next}`}
      className="-mx-1 inline-flex max-w-full items-center rounded px-1 font-semibold tracking-wide uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
    >
      {/* A narrow column cuts its label short rather than letting it run into the next one (the title says it whole);
          the arrow sits in the cell's right padding (the <th> is its positioned box), so it costs the label nothing. */}
      <span className="truncate">{label}</span>
      <svg aria-hidden="true" viewBox="0 0 20 20" className={`absolute top-1/2 right-0.5 size-3.5 -translate-y-1/2 ${sort.direction ? "text-slate-900" : "text-slate-400"}`} fill="currentColor">
        {sort.direction === "ascending" ? (
          <path d="M10 5l5 7H5z" />
        ) : sort.direction === "descending" ? (
          <path d="M10 15l-5-7h10z" />
        ) : (
          <path d="M10 3l4 5H6zm0 14l-4-5h8z" />
        )}
      </svg>
    </button>
  );
}

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
              const { label, className = "", labelHidden = false, sort } = typeof c === "string" ? { label: c, sort: undefined } : c;
              return (
                <th key={label} scope="col" aria-sort={sort?.direction ?? undefined} className={`${thClasses} ${sort ? "relative" : ""} ${className}`}>
                  {labelHidden ? <span className="sr-only">{label}</span> : sort ? <SortButton label={label} sort={sort} /> : label}
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
