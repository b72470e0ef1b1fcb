"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { DirectorySettingsForm } from "./directory-settings-form";
import { DirectorySync } from "./directory-sync";

/** Settings → Sign-in, second half: members from Active Directory / LDAP, signing in with their directory password. */
export function DirectorySettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.directory.settings.queryOptions({ tenant }));
  return (
    <section aria-labelledby="directory-heading" className="mt-10 space-y-4">
      <div>
        <h2 id="directory-heading" className="text-lg font-semibold text-slate-900">
          Active Directory / LDAP
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Import members from your directory and let them sign in with their directory password (checked by the directory, never stored here). Two-factor still applies.
        </p>
      </div>
      {settings.isPending ? (
        <LoadingBlock label="Loading directory settings…" />
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <DirectorySettingsForm tenant={tenant} current={settings.data} />
          {settings.data.settings ? <div className="max-w-2xl"><DirectorySync tenant={tenant} lastSync={settings.data.lastSync} /></div> : null}
        </>
      )}
    </section>
  );
}
