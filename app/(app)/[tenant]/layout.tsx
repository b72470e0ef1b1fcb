import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { WorkspaceShell } from "@/components/shell/workspace-shell";
import { requireSession } from "@/server/auth/current-session";
import { findMembership, myAccount } from "@/server/services/tenants/workspaces";

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const session = await requireSession(`/${tenant}`);
  const [membership, account] = await Promise.all([findMembership(session.userId, tenant), myAccount(session.userId)]);
  // Unknown workspace, another tenant's, or a deactivated membership: all the same 404.
  if (!membership || !account) notFound();
  return (
    <WorkspaceShell
      tenant={membership.slug}
      tenantName={membership.tenantName}
      role={membership.role}
      account={account}
      requireTwoFactor={membership.settings.requireTwoFactor}
      ssoBlocked={membership.ssoRequired && session.ssoTenantId !== membership.tenantId}
    >
      {children}
    </WorkspaceShell>
  );
}
