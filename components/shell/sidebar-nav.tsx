"use client";

import { usePathname } from "next/navigation";
import type { MemberRole } from "@/lib/validation";
import { NavLink } from "./nav-link";
import { useNavItems } from "./use-nav-items";

export function SidebarNav({ tenant, role }: { tenant: string; role: MemberRole }) {
  const pathname = usePathname();
  const { main, settings } = useNavItems(tenant, role);

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
