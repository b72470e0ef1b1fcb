"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useState, type ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { ToastProvider } from "@/components/ui/toast";
import type { MemberRole } from "@/lib/validation";
import { EmailVerificationBanner } from "./email-verification-banner";
import { QuickSearch } from "./quick-search";
import { NavDrawer } from "./nav-drawer";
import { MenuIcon } from "./shell-icons";
import { SidebarContent } from "./sidebar-content";
import { SsoRequired } from "./sso-required";
import { TwoFactorRequired } from "./two-factor-required";
import { useSidebarHidden } from "./use-sidebar-hidden";
import { UserMenu } from "./user-menu";
import { WorkspaceProvider } from "./workspace-context";

export type ShellAccount = {
  id: string;
  email: string;
  name: string;
  emailVerifiedAt: Date | null;
  totpEnabledAt: Date | null;
  /** TOTP or a passkey. */
  twoFactorEnabled: boolean;
  hasPassword: boolean;
  hasPasskey: boolean;
  emailCodesEnabledAt: Date | null;
};

type WorkspaceShellProps = {
  tenant: string;
  tenantName: string;
  role: MemberRole;
  account: ShellAccount;
  requireTwoFactor: boolean;
  /** The workspace requires its single sign-on and this session came in another way. */
  ssoBlocked: boolean;
  children: ReactNode;
};

const RAIL_ID = "sidebar";
const DRAWER_ID = "sidebar-drawer";
const topBarButton =
  "shrink-0 items-center justify-center rounded-md p-2 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

/** Sidebar (a rail on wide screens, a drawer on phones), top bar and account banners around every workspace page. */
export function WorkspaceShell({ tenant, tenantName, role, account, requireTwoFactor, ssoBlocked, children }: WorkspaceShellProps) {
  const trpc = useTRPC();
  // Seeded from the server render, refreshed from then on (e.g. after the email is confirmed in another tab).
  const me = useQuery(trpc.account.me.queryOptions(undefined, { initialData: account }));
  const user = me.data ?? account;
  const twoFactorBlocked = requireTwoFactor && !user.twoFactorEnabled;
  const blocked = ssoBlocked || twoFactorBlocked;

  const [drawerOpen, setDrawerOpen] = useState(false);
  const [sidebarHidden, setSidebarHidden] = useSidebarHidden();
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);
  const sidebar = <SidebarContent tenant={tenant} tenantName={tenantName} role={role} />;

  return (
    <WorkspaceProvider value={{ tenant, tenantName, role, userId: account.id }}>
      <ToastProvider>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow"
        >
          Skip to content
        </a>
        {/* From 768 px a fixed rail that can be hidden for more room (globals.css hides it from <html data-sidebar>, so
            a saved choice applies before the first paint); below that a drawer behind the menu button. */}
        <aside id={RAIL_ID} className="hidden bg-rail md:fixed md:inset-y-0 md:block md:w-64 md:overflow-y-auto">
          {sidebar}
        </aside>
        <NavDrawer id={DRAWER_ID} open={drawerOpen} onClose={closeDrawer}>
          {sidebar}
        </NavDrawer>
        <div data-beside-sidebar className="flex min-h-screen min-w-0 flex-col md:pl-64">
          <header className="sticky top-0 z-30 flex items-center gap-2 border-b border-slate-200 bg-white px-3 py-2 sm:gap-3 sm:px-6">
            <button
              type="button"
              aria-label="Open menu"
              aria-haspopup="dialog"
              aria-expanded={drawerOpen}
              aria-controls={DRAWER_ID}
              onClick={() => setDrawerOpen(true)}
              className={`${topBarButton} inline-flex md:hidden`}
            >
              <MenuIcon />
            </button>
            <button
              type="button"
              aria-label={sidebarHidden ? "Show sidebar" : "Hide sidebar"}
              aria-expanded={!sidebarHidden}
              aria-controls={RAIL_ID}
              onClick={() => setSidebarHidden(!sidebarHidden)}
              className={`${topBarButton} hidden md:inline-flex`}
            >
              <MenuIcon />
            </button>
            <div className="min-w-0 flex-1">{blocked ? null : <QuickSearch tenant={tenant} />}</div>
            <UserMenu name={user.name} email={user.email} />
          </header>
          {user.emailVerifiedAt ? null : <EmailVerificationBanner email={user.email} />}
          <main id="main" className="flex-1 px-4 py-6 sm:px-6 lg:px-8">
            {ssoBlocked ? <SsoRequired tenant={tenant} tenantName={tenantName} /> : twoFactorBlocked ? <TwoFactorRequired tenantName={tenantName} /> : children}
          </main>
        </div>
      </ToastProvider>
    </WorkspaceProvider>
  );
}
