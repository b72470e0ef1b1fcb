"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormActions } from "@/components/forms/form-actions";
import { useCreateOrEdit } from "@/components/forms/use-create-or-edit";
import { useTRPC } from "@/components/providers/trpc";
import { TextField } from "@/components/ui/text-field";
import type { PolicyRow } from "./policy-summary";

const classFlags = [
  ["requireLowercase", "Lowercase letter"],
  ["requireUppercase", "Uppercase letter"],
  ["requireDigit", "Digit"],
  ["requireSymbol", "Symbol"],
] as const;

/** Creates a custom policy, or edits one (`policy` given). Field errors come from the server's rules. */
export function PolicyForm({ tenant, policy, onDone }: { tenant: string; policy?: PolicyRow; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(policy?.name ?? "");
  const [minLength, setMinLength] = useState(String(policy?.minLength ?? 14));
  const [maxLength, setMaxLength] = useState(String(policy?.maxLength ?? 128));
  const [flags, setFlags] = useState({
    requireLowercase: policy?.requireLowercase ?? true,
    requireUppercase: policy?.requireUppercase ?? true,
    requireDigit: policy?.requireDigit ?? true,
    requireSymbol: policy?.requireSymbol ?? false,
  });
  const [forbidden, setForbidden] = useState(policy?.forbiddenCharacters ?? "");
  const [maxAge, setMaxAge] = useState(policy?.maxAgeDays ? String(policy.maxAgeDays) : "");
  const [noReuse, setNoReuse] = useState(String(policy?.noReuseLast ?? 0));
  const { create, update, pending, errors, formMessage } = useCreateOrEdit({
    editing: Boolean(policy),
    create: trpc.policies.create.mutationOptions(),
    update: trpc.policies.update.mutationOptions(),
    refresh: () => queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey({ tenant }) }),
    onDone,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const rules = {
      tenant,
      name,
      minLength: Number(minLength),
      maxLength: Number(maxLength),
      ...flags,
      forbiddenCharacters: forbidden,
      maxAgeDays: maxAge.trim() === "" ? null : Number(maxAge),
      noReuseLast: Number(noReuse),
    };
    if (policy) update.mutate({ ...rules, policyId: policy.id });
    else create.mutate(rules);
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField id="policy-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required data-autofocus />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="policy-min" label="Minimum length" inputMode="numeric" value={minLength} onChange={(e) => setMinLength(e.target.value)} error={errors.minLength} required />
        <TextField id="policy-max" label="Maximum length" inputMode="numeric" value={maxLength} onChange={(e) => setMaxLength(e.target.value)} error={errors.maxLength} required />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Every password must contain</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {classFlags.map(([flag, label]) => (
            <label key={flag} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={flags[flag]}
                onChange={(e) => setFlags((f) => ({ ...f, [flag]: e.target.checked }))}
                className="size-4 rounded border-slate-300"
              />
              {label}
            </label>
          ))}
        </div>
        {errors.requireLowercase ? <p className="mt-1 text-sm text-red-700">{errors.requireLowercase}</p> : null}
      </fieldset>
      <TextField
        id="policy-forbidden"
        label="Forbidden characters"
        hint="Characters a target system mishandles, e.g. quotes or spaces."
        value={forbidden}
        onChange={(e) => setForbidden(e.target.value)}
        error={errors.forbiddenCharacters}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="policy-max-age"
          label="Maximum age (days)"
          hint="Empty: passwords never expire."
          inputMode="numeric"
          value={maxAge}
          onChange={(e) => setMaxAge(e.target.value)}
          error={errors.maxAgeDays}
        />
        <TextField
          id="policy-no-reuse"
          label="No reuse of the last"
          hint="Number of earlier passwords a new one may not repeat."
          inputMode="numeric"
          value={noReuse}
          onChange={(e) => setNoReuse(e.target.value)}
          error={errors.noReuseLast}
        />
      </div>
      <FormError message={formMessage} />
      <FormActions submitLabel={policy ? "Save policy" : "Create policy"} pending={pending} onCancel={onDone} />
    </form>
  );
}
