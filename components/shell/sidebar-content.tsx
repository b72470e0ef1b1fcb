import { Logo } from "@/components/ui/logo";
import type { MemberRole } from "@/lib/validation";
import { SidebarNav } from "./sidebar-nav";
import { WorkspaceSwitcher } from "./workspace-switcher";

/** What the sidebar holds, on the desktop rail and in the phone drawer alike. */
export function SidebarContent({ tenant, tenantName, role }: { tenant: string; tenantName: string; role: MemberRole }) {
  return (
    <div className="flex flex-col gap-6 px-3 py-4">
      <div className="px-3">
        <Logo href={`/${tenant}`} inverted />
      </div>
      <WorkspaceSwitcher tenant={tenant} tenantName={tenantName} />
      <SidebarNav tenant={tenant} role={role} />
    </div>
  );
}
