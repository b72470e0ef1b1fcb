"use client";

import type { inferRouterOutputs } from "@trpc/server";
import type { FieldErrors } from "@/components/forms/trpc-errors";
import { listFieldError } from "@/components/forms/trpc-errors";
import { Card } from "@/components/ui/card";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { FieldError } from "@/components/ui/field-error";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { ssoGrantableRoles, type SsoSettingsInput } from "@/lib/sso";
import { roleLabels } from "@/lib/validation";
import type { AppRouter } from "@/server/routers";
import { RoleMappingsField } from "./role-mappings-field";

export type SsoCurrent = inferRouterOutputs<AppRouter>["sso"]["settings"];

/** The settings both protocols share, as the form holds them (domains as typed text). */
export type SsoPolicyForm = Pick<SsoSettingsInput, "enabled" | "jitEnabled" | "defaultRole" | "roleClaim" | "roleMappings" | "requireSso" | "breakGlassUserIds"> & { allowedDomains: string };

export const blankSsoPolicy: SsoPolicyForm = {
  enabled: true,
  allowedDomains: "",
  jitEnabled: true,
  defaultRole: "readonly",
  roleClaim: "groups",
  roleMappings: [],
  requireSso: false,
  breakGlassUserIds: [],
};

/** The shared part of what the current settings hold, for a form to start from. */
export function ssoPolicyOf(current: SsoCurrent): SsoPolicyForm {
  if (!current.settings) return blankSsoPolicy;
  const { enabled, allowedDomains, jitEnabled, defaultRole, roleClaim, roleMappings, requireSso, breakGlassUserIds } = current.settings;
  return { enabled, allowedDomains: allowedDomains.join(", "), jitEnabled, defaultRole, roleClaim, roleMappings, requireSso, breakGlassUserIds };
}

/** The typed domains as the input wants them. */
export const domainsOf = (form: SsoPolicyForm) => form.allowedDomains.split(/[\s,]+/).filter(Boolean);

const roleOptions = ssoGrantableRoles.map((role) => ({ value: role, label: roleLabels[role] }));

type Props<F extends SsoPolicyForm> = {
  form: F;
  patch: (change: Partial<SsoPolicyForm>) => void;
  errors: FieldErrors;
  owners: SsoCurrent["owners"];
  /** What the groups claim or attribute is called in this protocol, with an example. */
  groups: { label: string; hint: string };
};

/**
 * Who may sign in, what new members get, and whether SSO is required: the same for OIDC and SAML. The first part
 * (domains, on/off) goes at the end of the protocol's own card; the rest are cards of their own.
 */
export function SsoAccessFields<F extends SsoPolicyForm>({ form, patch, errors }: Pick<Props<F>, "form" | "patch" | "errors">) {
  return (
    <>
      <TextField
        id="sso-domains"
        label="Allowed email domains"
        value={form.allowedDomains}
        onChange={(e) => patch({ allowedDomains: e.target.value })}
        error={errors.allowedDomains ?? errors["allowedDomains.0"]}
        hint="Comma-separated, like example.com. Only addresses your provider vouches for, in these domains, may sign in."
        autoComplete="off"
      />
      <CheckboxField id="sso-enabled" label="Single sign-on on" checked={form.enabled} onChange={(v) => patch({ enabled: v })} hint="A provider on this machine or your network also needs “Allow rotation targets on private networks” in General settings." />
    </>
  );
}

export function SsoMemberCards<F extends SsoPolicyForm>({ form, patch, errors, owners, groups }: Props<F>) {
  const toggleBreakGlass = (userId: string, on: boolean) =>
    patch({ breakGlassUserIds: on ? [...form.breakGlassUserIds, userId] : form.breakGlassUserIds.filter((id) => id !== userId) });
  return (
    <>
      <Card title="New members" description="What happens when someone your provider vouches for signs in for the first time.">
        <div className="space-y-4">
          <CheckboxField id="sso-jit" label="Create members on first sign-in" checked={form.jitEnabled} onChange={(v) => patch({ jitEnabled: v })} hint="Off: only people already invited can sign in with SSO." />
          <SelectField id="sso-default-role" label="Default role" value={form.defaultRole} onChange={(e) => patch({ defaultRole: e.target.value as SsoPolicyForm["defaultRole"] })} options={roleOptions} error={errors.defaultRole} />
          <TextField id="sso-role-claim" label={groups.label} value={form.roleClaim} onChange={(e) => patch({ roleClaim: e.target.value })} error={errors.roleClaim} hint={groups.hint} />
          <RoleMappingsField value={form.roleMappings} onChange={(v) => patch({ roleMappings: v })} />
          <FieldError id="sso-role-mappings-error" message={listFieldError(errors, "roleMappings")} />
        </div>
      </Card>
      <Card title="Require single sign-on" description="Members then open this workspace only through the identity provider: password sessions are shut out at once, and their other workspaces stay open. Break-glass owners keep password and two-factor sign-in for when the provider is down.">
        <div className="space-y-4">
          <CheckboxField id="sso-require" label="Require SSO for this workspace" checked={form.requireSso} onChange={(v) => patch({ requireSso: v })} />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Break-glass owners</legend>
            <div className="mt-2 space-y-2">
              {owners.map((owner) => (
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
    </>
  );
}
