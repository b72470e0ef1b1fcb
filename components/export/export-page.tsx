"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Alert } from "@/components/ui/alert";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { roleAtLeast } from "@/lib/validation";
import { ExportForm } from "./export-form";
import { ExportPermissions } from "./export-permissions";

/** Settings → Export: the export form for members who may export, and who may export for admins and owners. */
export function ExportPage({ tenant, customerId }: { tenant: string; customerId?: string }) {
  const trpc = useTRPC();
  const { role } = useWorkspace();
  const access = useQuery(trpc.exports.access.queryOptions({ tenant }));
  const me = useQuery(trpc.account.me.queryOptions());
  return (
    <>
      <PageHeader title="Export" description="Take passwords out of Vaultline: as a spreadsheet, for Bitwarden or KeePass, or as an encrypted page to keep offline." />
      <div className="space-y-8">
        {access.isPending || me.isPending ? (
          <LoadingBlock />
        ) : access.isError ? (
          <QueryError error={access.error} onRetry={() => void access.refetch()} />
        ) : me.isError ? (
          <QueryError error={me.error} onRetry={() => void me.refetch()} />
        ) : access.data.allowed ? (
          me.data ? <ExportForm initialCustomerId={customerId} account={me.data} /> : null
        ) : (
          <Alert tone="info" title="You may not export passwords from this workspace.">
            {access.data.reason} Ask an owner if you need to.
          </Alert>
        )}
        {roleAtLeast(role, "admin") ? <ExportPermissions tenant={tenant} /> : null}
      </div>
    </>
  );
}
