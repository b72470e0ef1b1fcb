"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { directoryPresets, type DirectorySettingsInput } from "@/lib/directory";
import { ssoGrantableRoles } from "@/lib/sso";
import { roleLabels } from "@/lib/validation";
import type { AppRouter } from "@/server/routers";

type Current = inferRouterOutputs<AppRouter>["directory"]["settings"];
type Form = Omit<DirectorySettingsInput, "bindPassword">;

const blank: Form = {
  enabled: true,
  url: "",
  startTls: false,
  caCertificate: "",
  bindDn: "",
  baseDn: "",
  ...directoryPresets[0].values,
  defaultRole: "readonly",
  syncIntervalMinutes: 60,
};

const roleOptions = ssoGrantableRoles.map((role) => ({ value: role, label: roleLabels[role] }));

/** Settings → Sign-in → Directory: where members come from and how they are recognised, with test and sync. */
export function DirectorySettingsForm({ tenant, current }: { tenant: string; current: Current }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => current.settings ?? blank);
  const [bindPassword, setBindPassword] = useState("");
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const input = () => ({ tenant, ...form, bindPassword: bindPassword || undefined });
  const save = useMutation(
    trpc.directory.update.mutationOptions({
      onSuccess: async () => {
        setBindPassword("");
        await queryClient.invalidateQueries({ queryKey: trpc.directory.settings.queryKey({ tenant }) });
      },
    }),
  );
  const test = useMutation(trpc.directory.testConnection.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    test.reset();
    save.mutate(input());
  }

  const errors = { ...fieldErrorsOf(test.error), ...fieldErrorsOf(save.error) };
  const text = (id: keyof Form & string, label: string, hint?: string) => (
    <TextField id={`directory-${id}`} label={label} value={String(form[id])} onChange={(e) => set(id, e.target.value as never)} error={errors[id]} hint={hint} autoComplete="off" />
  );
  return (
    <form noValidate onSubmit={onSubmit} className="max-w-2xl space-y-6" aria-label="Directory settings">
      <Card title="Directory connection" description="Vaultline connects over TLS only (ldaps://, or ldap:// with StartTLS) and checks the directory's certificate.">
        <div className="space-y-4">
          <div className="flex flex-wrap gap-2" role="group" aria-label="Directory presets">
            {directoryPresets.map((preset) => (
              <Button key={preset.id} variant="secondary" size="sm" onClick={() => setForm((f) => ({ ...f, ...preset.values }))}>
                {preset.name}
              </Button>
            ))}
          </div>
          {text("url", "Directory URL", "Like ldaps://dc1.example.com (port 636) or ldap://dc1.example.com:389 with StartTLS.")}
          <CheckboxField id="directory-start-tls" label="Use StartTLS (for ldap:// URLs)" checked={form.startTls} onChange={(v) => set("startTls", v)} error={errors.startTls} />
          <div>
            <label htmlFor="directory-ca" className="mb-1 block text-sm font-medium text-slate-800">
              CA certificate (PEM)
            </label>
            <textarea
              id="directory-ca"
              rows={4}
              value={form.caCertificate}
              onChange={(e) => set("caCertificate", e.target.value)}
              aria-invalid={errors.caCertificate ? true : undefined}
              aria-describedby={`directory-ca-hint${errors.caCertificate ? " directory-ca-error" : ""}`}
              className={`${controlClasses} font-mono text-xs`}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
            <p id="directory-ca-hint" className="mt-1 text-sm text-slate-500">
              The CA that signed the directory&apos;s certificate (your AD CS root, say). Empty: the system&apos;s trusted CAs.
            </p>
            <FieldError id="directory-ca-error" message={errors.caCertificate} />
          </div>
          {text("bindDn", "Bind DN", "A read-only search account, like cn=vaultline-search,ou=service,dc=example,dc=com.")}
          <TextField
            id="directory-bind-password"
            label="Bind password"
            type="password"
            value={bindPassword}
            onChange={(e) => setBindPassword(e.target.value)}
            error={errors.bindPassword}
            hint={current.bindPasswordSet ? "Set. Leave empty to keep it; it is stored encrypted and never shown again." : "Not set."}
            autoComplete="new-password"
          />
          {text("baseDn", "Base DN", "Where to search, like ou=staff,dc=example,dc=com.")}
        </div>
      </Card>
      <Card title="Members" description="Who is imported, how they are recognised, and what happens to accounts disabled in the directory.">
        <div className="space-y-4">
          {text("userFilter", "User filter", "Only entries matching it become members.")}
          {text("emailAttribute", "Email attribute")}
          {text("nameAttribute", "Name attribute")}
          {text("disabledFilter", "Disabled-account filter", "Entries matching it are disabled: their members are deactivated and cannot sign in. Active Directory: userAccountControl bit 2; OpenLDAP: ppolicy's pwdAccountLockedTime.")}
          {text("groupFilter", "Group filter", "Optional: each matching group becomes a user group with the imported members it lists. Empty: no groups.")}
          {text("groupMemberAttribute", "Group member attribute")}
          <SelectField id="directory-default-role" label="Role of new members" value={form.defaultRole} onChange={(e) => set("defaultRole", e.target.value as Form["defaultRole"])} options={roleOptions} error={errors.defaultRole} />
          <TextField
            id="directory-interval"
            label="Re-sync every (minutes)"
            type="number"
            min={15}
            value={String(form.syncIntervalMinutes)}
            onChange={(e) => set("syncIntervalMinutes", Number(e.target.value))}
            error={errors.syncIntervalMinutes}
          />
          <CheckboxField id="directory-enabled" label="Directory sign-in and scheduled re-sync on" checked={form.enabled} onChange={(v) => set("enabled", v)} hint="A directory on your network also needs “Allow rotation targets on private networks” in General settings." />
        </div>
      </Card>
      <FormError message={formMessageOf(save.error) ?? formMessageOf(test.error)} />
      {test.isSuccess ? <Alert tone="success">Connected and bound as the search account: the user filter finds {test.data.users} entr{test.data.users === 1 ? "y" : "ies"}.</Alert> : null}
      {save.isSuccess ? <Alert tone="success">Directory settings saved.</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={save.isPending}>
          Save directory settings
        </Button>
        <Button variant="secondary" pending={test.isPending} onClick={() => (save.reset(), test.mutate(input()))}>
          Test connection
        </Button>
      </div>
    </form>
  );
}
