import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { Logo } from "@/components/ui/logo";

export default function NotFound() {
  return (
    <main id="main" className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <Logo />
      <p className="mt-10 text-sm font-semibold text-blue-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">We could not find that page</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        The address may be mistyped, or the page may belong to a workspace you are not a member of.
      </p>
      <div className="mt-6 flex gap-3">
        <Link href="/select-workspace" className={buttonClasses("primary")}>
          Your workspaces
        </Link>
        <Link href="/" className={buttonClasses("secondary")}>
          Home
        </Link>
      </div>
    </main>
  );
}
