"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { SamlSettingsForm } from "./saml-settings-form";
import { SsoSettingsForm } from "./sso-settings-form";
import type { SsoCurrent } from "./sso-policy-fields";

const protocols = [
  { id: "oidc", label: "OpenID Connect" },
  { id: "saml", label: "SAML 2.0" },
] as const;

/** One workspace has one identity provider: which protocol it speaks decides the form; saving switches to it. */
function SsoProtocolSettings({ tenant, current }: { tenant: string; current: SsoCurrent }) {
  const [protocol, setProtocol] = useState<"oidc" | "saml">(current.settings?.protocol ?? "oidc");
  return (
    <div className="space-y-6">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Protocol</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {protocols.map((p) => (
            <label key={p.id} className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
              <input type="radio" name="sso-protocol" value={p.id} checked={protocol === p.id} onChange={() => setProtocol(p.id)} />
              {p.label}
            </label>
          ))}
        </div>
      </fieldset>
      {protocol === "saml" ? <SamlSettingsForm tenant={tenant} current={current} /> : <SsoSettingsForm tenant={tenant} current={current} />}
    </div>
  );
}

/** Settings → Sign-in: the workspace's single sign-on through its OpenID Connect or SAML identity provider (admins and owners). */
export function SsoSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.sso.settings.queryOptions({ tenant }));
  return (
    <>
      <PageHeader
        title="Sign-in"
        description="Let members sign in with your identity provider (Microsoft Entra ID, Google Workspace, Okta or any OpenID Connect or SAML 2.0 provider)."
      />
      {settings.isPending ? (
        <LoadingBlock label="Loading sign-in settings…" />
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SsoProtocolSettings tenant={tenant} current={settings.data} />
      )}
    </>
  );
}
