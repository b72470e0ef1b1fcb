"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Logo } from "@/components/ui/logo";
import { ToastProvider } from "@/components/ui/toast";
import type { MemberRole } from "@/lib/validation";
import { EmailVerificationBanner } from "./email-verification-banner";
import { QuickSearch } from "./quick-search";
import { SidebarNav } from "./sidebar-nav";
import { TwoFactorRequired } from "./two-factor-required";
import { UserMenu } from "./user-menu";
import { WorkspaceProvider } from "./workspace-context";
import { WorkspaceSwitcher } from "./workspace-switcher";

export type ShellAccount = {
  id: string;
  email: string;
  name: string;
  emailVerifiedAt: Date | null;
  totpEnabledAt: Date | null;
};

type WorkspaceShellProps = {
  tenant: string;
  tenantName: string;
  role: MemberRole;
  account: ShellAccount;
  requireTwoFactor: boolean;
  children: ReactNode;
};

/** Sidebar, top bar and account banners around every workspace page. */
export function WorkspaceShell({ tenant, tenantName, role, account, requireTwoFactor, children }: WorkspaceShellProps) {
  const trpc = useTRPC();
  // Seeded from the server render, refreshed from then on (e.g. after the email is confirmed in another tab).
  const me = useQuery(trpc.account.me.queryOptions(undefined, { initialData: account }));
  const user = me.data ?? account;
  const blocked = requireTwoFactor && !user.totpEnabledAt;

  return (
    <WorkspaceProvider value={{ tenant, tenantName, role, userId: account.id }}>
      <ToastProvider>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow"
      >
        Skip to content
      </a>
      <div className="min-h-screen lg:flex">
        <aside className="bg-slate-900 lg:fixed lg:inset-y-0 lg:w-64 lg:overflow-y-auto">
          <div className="flex flex-col gap-6 px-3 py-4">
            <div className="px-3">
              <Logo href={`/${tenant}`} inverted />
            </div>
            <WorkspaceSwitcher tenant={tenant} tenantName={tenantName} />
            <SidebarNav tenant={tenant} role={role} />
          </div>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col lg:pl-64">
          <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2 sm:px-6">
            {blocked ? <span /> : <QuickSearch tenant={tenant} />}
            <UserMenu name={user.name} email={user.email} />
          </header>
          {user.emailVerifiedAt ? null : <EmailVerificationBanner email={user.email} />}
          <main id="main" className="flex-1 px-4 py-6 sm:px-6 lg:px-8">
            {blocked ? <TwoFactorRequired tenantName={tenantName} /> : children}
          </main>
        </div>
      </div>
      </ToastProvider>
    </WorkspaceProvider>
  );
}
