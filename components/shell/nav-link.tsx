import Link from "next/link";

/** A menu entry; `waiting` counts what waits for the member there (shown as a badge when above zero). */
export type NavItem = { href: string; label: string; exact?: boolean; waiting?: { count: number; what: string } };

export function NavLink({ item, pathname }: { item: NavItem; pathname: string }) {
  const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={`flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-400 ${
        active ? "bg-rail-raised text-rail-ink" : "text-rail-muted hover:bg-rail-raised/60 hover:text-rail-ink"
      }`}
    >
      {item.label}
      {item.waiting && item.waiting.count > 0 ? (
        <span className="rounded-full bg-amber-400 px-2 py-0.5 text-xs font-semibold text-slate-950 tabular-nums">
          {item.waiting.count.toLocaleString()}
          <span className="sr-only"> {item.waiting.what}</span>
        </span>
      ) : null}
    </Link>
  );
}
