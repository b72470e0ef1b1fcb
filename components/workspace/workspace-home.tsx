"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useWorkspace } from "@/components/shell/workspace-context";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { roleLabels } from "@/lib/validation";

const tiles = [
  { key: "customers", label: "Customers" },
  { key: "contacts", label: "Contacts" },
  { key: "devices", label: "Devices" },
  { key: "members", label: "Members" },
] as const;

export function WorkspaceHome({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const { tenantName } = useWorkspace();
  const summary = useQuery(trpc.workspace.summary.queryOptions({ tenant }));

  if (summary.isPending) {
    return (
      <>
        <PageHeader title={tenantName} />
        <LoadingBlock />
      </>
    );
  }
  if (summary.isError) {
    return (
      <>
        <PageHeader title={tenantName} />
        <QueryError error={summary.error} onRetry={() => void summary.refetch()} />
      </>
    );
  }

  const data = summary.data;
  return (
    <>
      <PageHeader title={data.name} description={<>Your role: <span className="font-medium text-slate-800">{roleLabels[data.role]}</span></>} />
      <section aria-labelledby="overview-heading">
        <h2 id="overview-heading" className="sr-only">
          Overview
        </h2>
        <dl className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {tiles.map((t) => (
            <div key={t.key} className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
              <dt className="text-sm font-medium text-slate-600">{t.label}</dt>
              <dd className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{data.counts[t.key].toLocaleString()}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
