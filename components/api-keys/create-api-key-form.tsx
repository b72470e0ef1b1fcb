"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { apiKeyScopeLabels, apiKeyScopes, type ApiKeyScope } from "@/lib/api-keys";
import { KeyLimitFields, type KeyLimitsDraft } from "./key-limit-fields";
import { ShownOnceKey } from "./shown-once-key";

const checkboxClasses = "mt-0.5 size-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

/** Creates an API key (name, scopes, owner, customers, credential groups, addresses, expiry), then shows it once. */
export function CreateApiKeyForm({ tenant, onDone }: { tenant: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(["metadata:read", "secrets:read"]);
  const [owner, setOwner] = useState("");
  const [limits, setLimits] = useState<KeyLimitsDraft>({ customerIds: null, credentialGroupIds: null });
  const [cidrs, setCidrs] = useState("");
  const [days, setDays] = useState("90");
  const members = useQuery(trpc.team.members.queryOptions({ tenant }));
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter({ tenant })) }));

  if (create.data) return <ShownOnceKey token={create.data.token} name={create.data.name} onDone={onDone} />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      tenant,
      name: name.trim(),
      scopes,
      ownerMembershipId: owner || undefined,
      ...limits,
      allowedCidrs: cidrs.split(/[\s,]+/).filter(Boolean),
      expiresInDays: days.trim() === "" ? null : Number(days),
    });
  }

  const errors = fieldErrorsOf(create.error);
  const cidrError = Object.entries(errors).find(([k]) => k.startsWith("allowedCidrs"))?.[1];
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  const activeMembers = members.data?.filter((m) => m.status === "active") ?? [];
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField id="api-key-name" label="Name" value={name} maxLength={100} autoComplete="off" placeholder="Backup script on NAS01" hint="Shown in this list and in the audit log of every call made with the key." onChange={(e) => setName(e.target.value)} error={errors.name} required data-autofocus />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">Scopes</legend>
        {apiKeyScopes.map((scope) => (
          <label key={scope} className="flex items-start gap-2 py-1 text-sm text-slate-800">
            <input type="checkbox" className={checkboxClasses} checked={scopes.includes(scope)} onChange={(e) => setScopes(toggle(scopes, scope, e.target.checked))} />
            <span>{apiKeyScopeLabels[scope]}</span>
          </label>
        ))}
        <FieldError id="api-key-scopes-error" message={errors.scopes} />
      </fieldset>
      <SelectField
        id="api-key-owner"
        label="Acts as"
        value={owner}
        onChange={(e) => setOwner(e.target.value)}
        error={errors.ownerMembershipId}
        options={[{ value: "", label: "Me" }, ...activeMembers.map((m) => ({ value: m.id, label: `${m.name} (${m.role})` }))]}
      />
      <p className="-mt-2 text-xs text-slate-600">The key never sees more than this member could, and stops working if they are deactivated.</p>
      <KeyLimitFields tenant={tenant} value={limits} onChange={setLimits} errors={errors} />
      <div>
        <label htmlFor="api-key-cidrs" className="mb-1 block text-sm font-medium text-slate-800">
          Allowed addresses (optional)
        </label>
        <textarea id="api-key-cidrs" rows={2} value={cidrs} onChange={(e) => setCidrs(e.target.value)} placeholder="203.0.113.0/24, 2001:db8::/32" className={`${controlClasses} font-mono`} aria-invalid={cidrError ? true : undefined} aria-describedby={cidrError ? "api-key-cidrs-error api-key-cidrs-hint" : "api-key-cidrs-hint"} />
        <p id="api-key-cidrs-hint" className="mt-1 text-xs text-slate-600">
          IP addresses or CIDR ranges, separated by commas or spaces. Empty: any address.
        </p>
        <FieldError id="api-key-cidrs-error" message={cidrError} />
      </div>
      <TextField id="api-key-days" label="Expires in days" type="number" inputMode="numeric" min={1} max={730} value={days} hint="Empty: never expires." onChange={(e) => setDays(e.target.value)} error={errors.expiresInDays} />
      <FormError message={Object.keys(errors).length === 0 ? formMessageOf(create.error) : null} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={create.isPending}>
          Create key
        </Button>
      </div>
    </form>
  );
}
