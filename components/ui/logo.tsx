import Link from "next/link";

/** The Vaultline mark and name, linking home; `inverted` for the dark sidebar. */
export function Logo({ href = "/", inverted = false }: { href?: string; inverted?: boolean }) {
  return (
    <Link
      href={href}
      className={`inline-flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${inverted ? "text-rail-ink" : "text-slate-900"}`}
    >
      <svg viewBox="0 0 24 24" className="size-7 text-blue-600" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5l-8-3z" fill="currentColor" fillOpacity="0.12" />
        <rect x="9" y="10.5" width="6" height="5" rx="1" />
        <path d="M10.5 10.5V9a1.5 1.5 0 0 1 3 0v1.5" />
      </svg>
      <span>Vaultline</span>
    </Link>
  );
}
