"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { GeneralSettingsForm } from "./general-settings-form";

export function GeneralSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.workspace.settings.queryOptions({ tenant }));
  return (
    <>
      <PageHeader title="General settings" description="Security settings that apply to every member of this workspace." />
      {settings.isPending ? (
        <LoadingBlock />
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <GeneralSettingsForm tenant={tenant} initial={settings.data} />
      )}
    </>
  );
}
