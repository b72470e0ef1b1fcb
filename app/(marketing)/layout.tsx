import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { Logo } from "@/components/ui/logo";
import { currentSession } from "@/server/auth/current-session";

export default async function MarketingLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3 sm:px-6">
          <Logo />
          <nav aria-label="Account" className="flex items-center gap-2">
            {session ? (
              <Link href="/select-workspace" className={buttonClasses("secondary")}>
                Your workspaces
              </Link>
            ) : (
              <>
                <Link href="/login" className={buttonClasses("ghost")}>
                  Sign in
                </Link>
                <Link href="/signup" className={buttonClasses("primary")}>
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="flex-1 px-4 py-10 sm:px-6">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white px-4 py-4 text-center text-xs text-slate-500">
        Vaultline — credentials for managed service providers
      </footer>
    </div>
  );
}
