"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { workspaceRoleAllows } from "@/lib/permissions";
import { type MemberRole, roleAtLeast } from "@/lib/validation";
import type { NavItem } from "./nav-link";
import { useTerminology } from "./use-terminology";

/** The pages a member can open, as the sidebar and the ⌘K palette both list them: the main ones and the settings. */
export function useNavItems(tenant: string, role: MemberRole): { main: NavItem[]; settings: NavItem[] } {
  const base = `/${tenant}`;
  const words = useTerminology();
  const trpc = useTRPC();
  // Requests waiting for this member's decision: asked again every minute, and at once after any decision. Export is
  // per member (owners grant or deny it), so the link follows the server's verdict, which comes with the count.
  const summary = useQuery({ ...trpc.workspace.summary.queryOptions({ tenant }), staleTime: 60_000, refetchInterval: 60_000 }).data;
  const toDecide = summary?.requestsToDecide ?? 0;
  const mayExport = summary?.mayExport === true;
  const main: NavItem[] = [
    { href: base, label: "Home", exact: true },
    { href: `${base}/customers`, label: words.customers },
    { href: `${base}/passwords`, label: "Passwords" },
    { href: `${base}/rotation`, label: "Rotation" },
    { href: `${base}/requests`, label: "Approvals", waiting: { count: toDecide, what: toDecide === 1 ? "request waits for your decision" : "requests wait for your decision" } },
  ];
  if (roleAtLeast(role, "admin")) main.push({ href: `${base}/trash`, label: "Trash" });
  if (roleAtLeast(role, "auditor")) main.push({ href: `${base}/audit`, label: "Audit" });
  const settings: NavItem[] = roleAtLeast(role, "admin")
    ? [
        { href: `${base}/settings`, label: "General", exact: true },
        { href: `${base}/settings/team`, label: "Team" },
        { href: `${base}/settings/sign-in`, label: "Sign-in" },
        { href: `${base}/settings/policies`, label: "Password policies" },
        { href: `${base}/settings/notifications`, label: "Notifications" },
        { href: `${base}/settings/webhooks`, label: "Webhooks" },
        { href: `${base}/settings/groups`, label: "User groups" },
        { href: `${base}/settings/credential-groups`, label: "Credential groups" },
        ...(workspaceRoleAllows(role, "importPasswords") ? [{ href: `${base}/settings/import`, label: "Import" }] : []),
        { href: `${base}/settings/export`, label: "Export" },
        { href: `${base}/settings/api-keys`, label: "API keys" },
        { href: `${base}/settings/email-outbox`, label: "Email outbox" },
      ]
    : [{ href: `${base}/settings/notifications`, label: "Notifications" }, ...(mayExport ? [{ href: `${base}/settings/export`, label: "Export" }] : [])];
  return { main, settings };
}
