import Link from "next/link";

/** "← Contoso" above an entity page. */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="mb-2 inline-flex items-center gap-1 rounded text-sm font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600">
      <span aria-hidden="true">←</span> {children}
    </Link>
  );
}
