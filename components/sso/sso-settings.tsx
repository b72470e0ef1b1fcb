"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { SsoSettingsForm } from "./sso-settings-form";

/** Settings → Sign-in: the workspace's single sign-on through its OpenID Connect provider (admins and owners). */
export function SsoSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.sso.settings.queryOptions({ tenant }));
  return (
    <>
      <PageHeader
        title="Sign-in"
        description="Let members sign in with your identity provider (Microsoft Entra ID, Google Workspace, Okta or any OpenID Connect provider)."
      />
      {settings.isPending ? (
        <LoadingBlock label="Loading sign-in settings…" />
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SsoSettingsForm tenant={tenant} current={settings.data} />
      )}
    </>
  );
}
