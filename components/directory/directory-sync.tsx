"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { FormError } from "@/components/forms/form-error";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { DirectorySyncSummary } from "@/lib/directory";
import type { AppRouter } from "@/server/routers";

type LastSync = inferRouterOutputs<AppRouter>["directory"]["settings"]["lastSync"];

function describe(summary: DirectorySyncSummary): string {
  return `${summary.found} found: ${summary.created} created, ${summary.updated} updated, ${summary.deactivated} deactivated, ${summary.reactivated} reactivated, ${summary.skipped} skipped; ${summary.groups} group${summary.groups === 1 ? "" : "s"}.`;
}

/** "Sync now" and what the last sync (scheduled or not) did. */
export function DirectorySync({ tenant, lastSync }: { tenant: string; lastSync: LastSync }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sync = useMutation(
    trpc.directory.syncNow.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.directory.settings.queryKey({ tenant }) }),
    }),
  );
  const result = sync.data;
  return (
    <Card title="Sync" description="Members are created, updated and deactivated from the directory on the schedule above; sync now to see changes at once.">
      <div className="space-y-3" aria-live="polite">
        {sync.isPending ? <p className="text-sm text-slate-600">Syncing with the directory…</p> : null}
        {result && "summary" in result ? <Alert tone="success" title="Sync finished">{describe(result.summary)}</Alert> : null}
        {result && "error" in result ? <Alert tone="error" title="Sync failed">{result.error}</Alert> : null}
        <FormError message={formMessageOf(sync.error)} />
        {!result && lastSync ? (
          <p className="text-sm text-slate-600" data-testid="directory-last-sync">
            Last sync {new Date(lastSync.at).toLocaleString()}:{" "}
            {lastSync.error ? `failed: ${lastSync.error}` : lastSync.summary ? describe(lastSync.summary) : "done."}
          </p>
        ) : null}
        {!result && !lastSync ? <p className="text-sm text-slate-600">Not synced yet.</p> : null}
        <Button variant="secondary" pending={sync.isPending} onClick={() => sync.mutate({ tenant })}>
          Sync now
        </Button>
      </div>
    </Card>
  );
}
