"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc";

/** The current workspace's name, and a picker when the user belongs to more than one. */
export function WorkspaceSwitcher({ tenant, tenantName }: { tenant: string; tenantName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const workspaces = useQuery(trpc.account.workspaces.queryOptions());
  const list = workspaces.data ?? [];

  if (list.length <= 1) {
    return (
      <div className="px-3">
        <p className="text-xs font-semibold tracking-wide text-rail-faint uppercase">Workspace</p>
        <p className="mt-1 truncate text-sm font-medium text-rail-ink">{tenantName}</p>
      </div>
    );
  }
  return (
    <div className="px-3">
      <label htmlFor="workspace-switcher" className="text-xs font-semibold tracking-wide text-rail-faint uppercase">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={tenant}
        onChange={(e) => router.push(`/${e.target.value}`)}
        className="mt-1 block w-full rounded-md border border-rail-edge bg-rail-raised px-2 py-1.5 text-sm text-rail-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-400"
      >
        {list.map((w) => (
          <option key={w.slug} value={w.slug}>
            {w.name}
          </option>
        ))}
      </select>
    </div>
  );
}
