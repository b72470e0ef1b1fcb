"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc";
import { workspaceRoleAllows } from "@/lib/permissions";
import { type MemberRole, roleAtLeast } from "@/lib/validation";
import { NavLink, type NavItem } from "./nav-link";
import { useTerminology } from "./use-terminology";

export function SidebarNav({ tenant, role }: { tenant: string; role: MemberRole }) {
  const pathname = usePathname();
  const base = `/${tenant}`;
  const words = useTerminology();
  const trpc = useTRPC();
  // Export is per member (owners grant or deny it), so the link follows the server's verdict.
  const mayExport = useQuery({ ...trpc.exports.access.queryOptions({ tenant }), staleTime: 60_000 }).data?.allowed === true;
  const main: NavItem[] = [
    { href: base, label: "Home", exact: true },
    { href: `${base}/customers`, label: words.customers },
    { href: `${base}/passwords`, label: "Passwords" },
    { href: `${base}/rotation`, label: "Rotation" },
    { href: `${base}/requests`, label: "Approvals" },
  ];
  if (roleAtLeast(role, "admin")) main.push({ href: `${base}/trash`, label: "Trash" });
  if (roleAtLeast(role, "auditor")) main.push({ href: `${base}/audit`, label: "Audit" });
  const settings: NavItem[] = roleAtLeast(role, "admin")
    ? [
        { href: `${base}/settings`, label: "General", exact: true },
        { href: `${base}/settings/team`, label: "Team" },
        { href: `${base}/settings/policies`, label: "Password policies" },
        { href: `${base}/settings/notifications`, label: "Notifications" },
        { href: `${base}/settings/groups`, label: "User groups" },
        { href: `${base}/settings/credential-groups`, label: "Credential groups" },
        ...(workspaceRoleAllows(role, "importPasswords") ? [{ href: `${base}/settings/import`, label: "Import" }] : []),
        { href: `${base}/settings/export`, label: "Export" },
        { href: `${base}/settings/email-outbox`, label: "Email outbox" },
      ]
    : [{ href: `${base}/settings/notifications`, label: "Notifications" }, ...(mayExport ? [{ href: `${base}/settings/export`, label: "Export" }] : [])];

  return (
    <nav aria-label="Main" className="space-y-6">
      <ul className="space-y-1">
        {main.map((item) => (
          <li key={item.href}>
            <NavLink item={item} pathname={pathname} />
          </li>
        ))}
      </ul>
      {settings.length > 0 ? (
        <div>
          <h2 id="nav-settings" className="px-3 text-xs font-semibold tracking-wide text-rail-faint uppercase">
            Settings
          </h2>
          <ul aria-labelledby="nav-settings" className="mt-2 space-y-1">
            {settings.map((item) => (
              <li key={item.href}>
                <NavLink item={item} pathname={pathname} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </nav>
  );
}
