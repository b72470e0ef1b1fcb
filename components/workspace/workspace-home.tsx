"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology, type Terminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { roleLabels } from "@/lib/validation";
import { OnboardingChecklist } from "./onboarding-checklist";

type Tile = { key: "customers" | "passwords" | "contacts" | "devices" | "members"; label: string; href: string };

/** The counters, each a link to its list. */
function tilesFor(tenant: string, words: Terminology): Tile[] {
  return [
    { key: "customers", label: words.customers, href: `/${tenant}/customers` },
    { key: "passwords", label: "Passwords", href: `/${tenant}/passwords` },
    { key: "contacts", label: words.contacts, href: `/${tenant}/contacts` },
    { key: "devices", label: "Devices", href: `/${tenant}/devices` },
    { key: "members", label: "Members", href: `/${tenant}/settings/team` },
  ];
}

const tileClasses = "block rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm";

export function WorkspaceHome({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const { tenantName, role } = useWorkspace();
  const words = useTerminology();
  const home = useQuery(trpc.workspace.home.queryOptions({ tenant }));

  if (home.isPending) {
    return (
      <>
        <PageHeader title={tenantName} />
        <LoadingBlock />
      </>
    );
  }
  if (home.isError) {
    return (
      <>
        <PageHeader title={tenantName} />
        <QueryError error={home.error} onRetry={() => void home.refetch()} />
      </>
    );
  }

  const { counts, onboarding } = home.data;
  return (
    <>
      <PageHeader title={tenantName} description={<>Your role: <span className="font-medium text-slate-800">{roleLabels[role]}</span></>} />
      <OnboardingChecklist tenant={tenant} steps={onboarding} />
      <section aria-labelledby="overview-heading">
        <h2 id="overview-heading" className="sr-only">
          Overview
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-5">
          {tilesFor(tenant, words).map((tile) => {
            const body = (
              <>
                <span className="text-sm font-medium text-slate-600">{tile.label}</span>
                <span className="mt-2 block text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{counts[tile.key].toLocaleString()}</span>
              </>
            );
            return (
              <li key={tile.key}>
                <Link href={tile.href} className={`${tileClasses} hover:border-blue-400 focus-visible:outline-2 focus-visible:outline-blue-600`}>
                  {body}
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
