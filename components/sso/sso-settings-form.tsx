"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, listFieldError } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { FieldError } from "@/components/ui/field-error";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { ssoGrantableRoles, ssoPresets, type SsoSettingsInput } from "@/lib/sso";
import { roleLabels } from "@/lib/validation";
import type { AppRouter } from "@/server/routers";
import { RoleMappingsField } from "./role-mappings-field";

type Current = inferRouterOutputs<AppRouter>["sso"]["settings"];
type Form = Omit<SsoSettingsInput, "clientSecret" | "allowedDomains"> & { allowedDomains: string };

const blank: Form = {
  enabled: true,
  issuer: "",
  clientId: "",
  allowedDomains: "",
  jitEnabled: true,
  defaultRole: "readonly",
  roleClaim: "groups",
  roleMappings: [],
  requireSso: false,
  breakGlassUserIds: [],
};

const roleOptions = ssoGrantableRoles.map((role) => ({ value: role, label: roleLabels[role] }));

export function SsoSettingsForm({ tenant, current }: { tenant: string; current: Current }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => (current.settings ? { ...current.settings, allowedDomains: current.settings.allowedDomains.join(", ") } : blank));
  const [clientSecret, setClientSecret] = useState("");
  const [preset, setPreset] = useState<(typeof ssoPresets)[number] | null>(null);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
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
    const allowedDomains = form.allowedDomains.split(/[\s,]+/).filter(Boolean);
    save.mutate({ tenant, ...form, allowedDomains, clientSecret: clientSecret || undefined });
  }

  const errors = fieldErrorsOf(save.error);
  const toggleBreakGlass = (userId: string, on: boolean) =>
    set("breakGlassUserIds", on ? [...form.breakGlassUserIds, userId] : form.breakGlassUserIds.filter((id) => id !== userId));
  return (
    <form noValidate onSubmit={onSubmit} className="max-w-2xl space-y-6">
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
          <TextField
            id="sso-domains"
            label="Allowed email domains"
            value={form.allowedDomains}
            onChange={(e) => set("allowedDomains", e.target.value)}
            error={errors.allowedDomains ?? errors["allowedDomains.0"]}
            hint="Comma-separated, like example.com. Only addresses your provider has verified, in these domains, may sign in."
            autoComplete="off"
          />
          <CheckboxField id="sso-enabled" label="Single sign-on on" checked={form.enabled} onChange={(v) => set("enabled", v)} hint="A provider on this machine or your network also needs “Allow rotation targets on private networks” in General settings." />
        </div>
      </Card>
      <Card title="New members" description="What happens when someone your provider vouches for signs in for the first time.">
        <div className="space-y-4">
          <CheckboxField id="sso-jit" label="Create members on first sign-in" checked={form.jitEnabled} onChange={(v) => set("jitEnabled", v)} hint="Off: only people already invited can sign in with SSO." />
          <SelectField id="sso-default-role" label="Default role" value={form.defaultRole} onChange={(e) => set("defaultRole", e.target.value as Form["defaultRole"])} options={roleOptions} error={errors.defaultRole} />
          <TextField id="sso-role-claim" label="Groups or roles claim" value={form.roleClaim} onChange={(e) => set("roleClaim", e.target.value)} error={errors.roleClaim} hint="The id_token claim with the person's groups or roles, like groups or roles." />
          <RoleMappingsField value={form.roleMappings} onChange={(v) => set("roleMappings", v)} />
          <FieldError id="sso-role-mappings-error" message={listFieldError(errors, "roleMappings")} />
        </div>
      </Card>
      <Card title="Require single sign-on" description="Members then open this workspace only through the identity provider: password sessions are shut out at once, and their other workspaces stay open. Break-glass owners keep password and two-factor sign-in for when the provider is down.">
        <div className="space-y-4">
          <CheckboxField id="sso-require" label="Require SSO for this workspace" checked={form.requireSso} onChange={(v) => set("requireSso", v)} />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Break-glass owners</legend>
            <div className="mt-2 space-y-2">
              {current.owners.map((owner) => (
                <CheckboxField
                  key={owner.userId}
                  id={`sso-break-glass-${owner.userId}`}
                  label={`${owner.name} (${owner.email})`}
                  hint={owner.twoFactor ? "Two-factor on." : "Two-factor off: cannot serve as break-glass until it is on."}
                  checked={form.breakGlassUserIds.includes(owner.userId)}
                  onChange={(on) => toggleBreakGlass(owner.userId, on)}
                />
              ))}
            </div>
            <FieldError id="sso-break-glass-error" message={errors.breakGlassUserIds} />
          </fieldset>
        </div>
      </Card>
      <FormError message={formMessageOf(save.error)} />
      {save.isSuccess ? <Alert tone="success">Sign-in settings saved.</Alert> : null}
      <Button type="submit" pending={save.isPending}>
        Save sign-in settings
      </Button>
    </form>
  );
}
