import Link from "next/link";

export type NavItem = { href: string; label: string; exact?: boolean };

export function NavLink({ item, pathname }: { item: NavItem; pathname: string }) {
  const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={`block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-400 ${
        active ? "bg-rail-raised text-rail-ink" : "text-rail-muted hover:bg-rail-raised/60 hover:text-rail-ink"
      }`}
    >
      {item.label}
    </Link>
  );
}
