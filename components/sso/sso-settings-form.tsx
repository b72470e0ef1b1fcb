"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/text-field";
import { ssoPresets, type SsoSettingsInput } from "@/lib/sso";
import { domainsOf, SsoAccessFields, SsoMemberCards, ssoPolicyOf, type SsoCurrent, type SsoPolicyForm } from "./sso-policy-fields";

type Form = SsoPolicyForm & Pick<SsoSettingsInput, "issuer" | "clientId">;

/** The OpenID Connect settings: the provider's card, then what both protocols share. */
export function SsoSettingsForm({ tenant, current }: { tenant: string; current: SsoCurrent }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const oidc = current.settings?.protocol === "oidc" ? current.settings : null;
  const [form, setForm] = useState<Form>(() => ({ ...ssoPolicyOf(current), issuer: oidc?.issuer ?? "", clientId: oidc?.clientId ?? "" }));
  const [clientSecret, setClientSecret] = useState("");
  const [preset, setPreset] = useState<(typeof ssoPresets)[number] | null>(null);
  const patch = (change: Partial<Form>) => setForm((f) => ({ ...f, ...change }));
  const set = <K extends keyof Form>(key: K, value: Form[K]) => patch({ [key]: value });
  const save = useMutation(
    trpc.sso.update.mutationOptions({
      onSuccess: async () => {
        setClientSecret("");
        await queryClient.invalidateQueries({ queryKey: trpc.sso.settings.queryKey({ tenant }) });
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ tenant, ...form, allowedDomains: domainsOf(form), clientSecret: clientSecret || undefined });
  }

  const errors = fieldErrorsOf(save.error);
  return (
    <form noValidate onSubmit={onSubmit} className="max-w-2xl space-y-6" aria-label="Single sign-on settings">
      <Card title="Identity provider" description="Register Vaultline as a web application at your provider with this redirect URI, then copy its values here.">
        <div className="space-y-4">
          <div>
            <p className="text-sm font-medium text-slate-800">Redirect URI</p>
            <code className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 text-sm text-slate-800" data-testid="sso-redirect-uri">
              {current.redirectUri}
            </code>
            <p className="mt-1 text-sm text-slate-600">Scopes: openid, email and profile.</p>
          </div>
          <div className="flex flex-wrap gap-2" role="group" aria-label="Provider presets">
            {ssoPresets.map((p) => (
              <Button key={p.id} variant="secondary" size="sm" onClick={() => (setPreset(p), set("issuer", p.issuer))}>
                {p.name}
              </Button>
            ))}
          </div>
          {preset ? (
            <Alert tone="info" title={preset.name}>
              {preset.placeholder ? `Replace ${preset.placeholder} in the issuer URL. ` : null}
              {preset.help}
            </Alert>
          ) : null}
          <TextField id="sso-issuer" label="Issuer URL" value={form.issuer} onChange={(e) => set("issuer", e.target.value)} error={errors.issuer} hint="The discovery base: Vaultline reads /.well-known/openid-configuration under it." autoComplete="off" />
          <TextField id="sso-client-id" label="Client ID" value={form.clientId} onChange={(e) => set("clientId", e.target.value)} error={errors.clientId} autoComplete="off" />
          <TextField
            id="sso-client-secret"
            label="Client secret"
            type="password"
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
            error={errors.clientSecret}
            hint={current.clientSecretSet ? "Set. Leave empty to keep it; it is stored encrypted and never shown again." : "Not set."}
            autoComplete="new-password"
          />
          <SsoAccessFields form={form} patch={patch} errors={errors} />
        </div>
      </Card>
      <SsoMemberCards form={form} patch={patch} errors={errors} owners={current.owners} groups={{ label: "Groups or roles claim", hint: "The id_token claim with the person's groups or roles, like groups or roles." }} />
      <FormError message={formMessageOf(save.error)} />
      {save.isSuccess ? <Alert tone="success">Sign-in settings saved.</Alert> : null}
      <Button type="submit" pending={save.isPending}>
        Save sign-in settings
      </Button>
    </form>
  );
}
