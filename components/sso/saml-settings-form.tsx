"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { TextField } from "@/components/ui/text-field";
import { samlPresets } from "@/lib/sso";
import { domainsOf, SsoAccessFields, SsoMemberCards, ssoPolicyOf, type SsoCurrent, type SsoPolicyForm } from "./sso-policy-fields";

type Form = SsoPolicyForm & { metadataUrl: string; metadataXml: string; emailAttribute: string; nameAttribute: string };

function ServiceProviderValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <p className="text-sm font-medium text-slate-800 dark:text-slate-200">{label}</p>
      <code className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-100" data-testid={testId}>
        {value}
      </code>
    </div>
  );
}

/**
 * The SAML 2.0 settings: our service provider values for the IdP administrator, the IdP's metadata (by URL or as
 * pasted XML, read on save), the attribute names, then what both protocols share.
 */
export function SamlSettingsForm({ tenant, current }: { tenant: string; current: SsoCurrent }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saml = current.saml;
  const [form, setForm] = useState<Form>(() => ({
    ...ssoPolicyOf(current),
    metadataUrl: saml?.metadataUrl ?? "",
    metadataXml: "",
    emailAttribute: saml?.emailAttribute ?? "email",
    nameAttribute: saml?.nameAttribute ?? "name",
  }));
  const [preset, setPreset] = useState<(typeof samlPresets)[number] | null>(null);
  const patch = (change: Partial<Form>) => setForm((f) => ({ ...f, ...change }));
  const save = useMutation(
    trpc.sso.updateSaml.mutationOptions({
      onSuccess: async () => {
        patch({ metadataXml: "" });
        await queryClient.invalidateQueries({ queryKey: trpc.sso.settings.queryKey({ tenant }) });
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { metadataUrl, metadataXml, ...rest } = form;
    // Pasted XML wins over the URL: pasting is what the administrator just did.
    const source = metadataXml.trim() ? { metadataXml } : { metadataUrl: metadataUrl.trim() || undefined };
    save.mutate({ tenant, ...rest, ...source, allowedDomains: domainsOf(form) });
  }

  const applyPreset = (p: (typeof samlPresets)[number]) => {
    setPreset(p);
    patch({ emailAttribute: p.emailAttribute, nameAttribute: p.nameAttribute, roleClaim: p.groupsAttribute });
  };
  const errors = fieldErrorsOf(save.error);
  const sp = current.serviceProvider;
  return (
    <form noValidate onSubmit={onSubmit} className="max-w-2xl space-y-6" aria-label="Single sign-on settings">
      <Card title="Identity provider" description="Add Vaultline as a SAML application at your identity provider with these values, then give us its metadata.">
        <div className="space-y-4">
          <ServiceProviderValue label="Entity ID (Identifier, Audience URI)" value={sp.entityId} testId="saml-sp-entity-id" />
          <ServiceProviderValue label="ACS URL (Reply URL, Single sign-on URL)" value={sp.acsUrl} testId="saml-sp-acs-url" />
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Or give your provider our{" "}
            <a className="underline" href={sp.metadataUrl} target="_blank" rel="noreferrer">
              SP metadata
            </a>
            . Assertions must be signed.
          </p>
          <div className="flex flex-wrap gap-2" role="group" aria-label="SAML provider presets">
            {samlPresets.map((p) => (
              <Button key={p.id} variant="secondary" size="sm" onClick={() => applyPreset(p)}>
                {p.name}
              </Button>
            ))}
          </div>
          {preset ? <Alert tone="info" title={preset.name}>{preset.help}</Alert> : null}
          {saml ? (
            <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="saml-idp-summary">
              Using IdP <span className="break-all font-medium">{saml.idpEntityId}</span> with {saml.certificateCount} signing certificate{saml.certificateCount === 1 ? "" : "s"}. Save again to re-read its metadata.
            </p>
          ) : null}
          <TextField id="saml-metadata-url" label="IdP metadata URL" value={form.metadataUrl} onChange={(e) => patch({ metadataUrl: e.target.value })} error={errors.metadataUrl} hint="Read when you save. Leave empty to paste the metadata below instead." autoComplete="off" />
          <div>
            <label htmlFor="saml-metadata-xml" className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
              Or paste the IdP metadata XML
            </label>
            <textarea
              id="saml-metadata-xml"
              rows={5}
              className={`${controlClasses} font-mono text-xs`}
              value={form.metadataXml}
              onChange={(e) => patch({ metadataXml: e.target.value })}
              aria-invalid={errors.metadataXml ? true : undefined}
              aria-describedby={errors.metadataXml ? "saml-metadata-xml-error" : undefined}
            />
            <FieldError id="saml-metadata-xml-error" message={errors.metadataXml} />
          </div>
          <TextField id="saml-email-attribute" label="Email attribute" value={form.emailAttribute} onChange={(e) => patch({ emailAttribute: e.target.value })} error={errors.emailAttribute} hint="Without it, a NameID that is an email address is used." autoComplete="off" />
          <TextField id="saml-name-attribute" label="Name attribute" value={form.nameAttribute} onChange={(e) => patch({ nameAttribute: e.target.value })} error={errors.nameAttribute} autoComplete="off" />
          <SsoAccessFields form={form} patch={patch} errors={errors} />
        </div>
      </Card>
      <SsoMemberCards form={form} patch={patch} errors={errors} owners={current.owners} groups={{ label: "Groups attribute", hint: "The assertion attribute with the person's groups, like groups." }} />
      <FormError message={formMessageOf(save.error)} />
      {save.isSuccess ? <Alert tone="success">Sign-in settings saved.</Alert> : null}
      <Button type="submit" pending={save.isPending}>
        Save sign-in settings
      </Button>
    </form>
  );
}
