"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormActions } from "@/components/forms/form-actions";
import { useCreateOrEdit } from "@/components/forms/use-create-or-edit";
import { useTRPC } from "@/components/providers/trpc";
import { TextField } from "@/components/ui/text-field";
import { CredentialPicker, type PickedCredential } from "./credential-picker";
import { CriteriaFields } from "./criteria-fields";
import { emptyCriteria, toCriteria, type CriteriaDraft } from "./criteria";
import type { CredentialGroupKind } from "./types";

const kindChoices: { value: CredentialGroupKind; label: string; hint: string }[] = [
  { value: "static", label: "Static", hint: "Passwords you pick by hand." },
  { value: "dynamic", label: "Dynamic", hint: "Every password matching criteria, now and later." },
];

export type CredentialGroupDraft = { id: string; name: string; description: string; kind: CredentialGroupKind; criteria: CriteriaDraft; credentials: PickedCredential[] };

/** Creates a credential group, or edits one (`group` given; its kind stays). */
export function CredentialGroupForm({ tenant, group, onDone }: { tenant: string; group?: CredentialGroupDraft; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(group?.name ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const [kind, setKind] = useState<CredentialGroupKind>(group?.kind ?? "static");
  const [criteria, setCriteria] = useState<CriteriaDraft>(group?.criteria ?? emptyCriteria);
  const [credentials, setCredentials] = useState<PickedCredential[]>(group?.credentials ?? []);
  const { create, update, pending, errors, formMessage } = useCreateOrEdit({
    editing: Boolean(group),
    create: trpc.credentialGroups.create.mutationOptions(),
    update: trpc.credentialGroups.update.mutationOptions(),
    refresh: () => Promise.all([queryClient.invalidateQueries(trpc.credentialGroups.pathFilter()), queryClient.invalidateQueries(trpc.sharing.pathFilter())]),
    onDone,
    fieldsShown: ["name", "description"],
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const content =
      kind === "dynamic" ? { kind: "dynamic" as const, criteria: toCriteria(criteria) } : { kind: "static" as const, credentialIds: credentials.map((c) => c.id) };
    if (group) update.mutate({ tenant, credentialGroupId: group.id, name, description, ...(content.kind === "dynamic" ? { criteria: content.criteria } : { credentialIds: content.credentialIds }) });
    else create.mutate({ tenant, name, description, ...content });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      <TextField id="cg-name-field" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required data-autofocus />
      <TextField id="cg-description-field" label="Description" hint="Optional: what it holds and who it is for." value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
      {group ? null : (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-800">Kind</legend>
          <div className="flex flex-wrap gap-6">
            {kindChoices.map((k) => (
              <div key={k.value} className="flex items-start gap-2">
                <input
                  id={`cg-kind-${k.value}`}
                  type="radio"
                  name="cg-kind"
                  checked={kind === k.value}
                  onChange={() => setKind(k.value)}
                  aria-describedby={`cg-kind-${k.value}-hint`}
                  className="mt-0.5 size-4 border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
                />
                <div>
                  <label htmlFor={`cg-kind-${k.value}`} className="text-sm font-medium text-slate-800">
                    {k.label}
                  </label>
                  <p id={`cg-kind-${k.value}-hint`} className="text-sm text-slate-600">
                    {k.hint}
                  </p>
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {kind === "dynamic" ? (
        <CriteriaFields tenant={tenant} value={criteria} onChange={setCriteria} errors={errors} />
      ) : (
        <CredentialPicker tenant={tenant} value={credentials} onChange={setCredentials} />
      )}
      <FormError message={formMessage} />
      <FormActions submitLabel={group ? "Save group" : "Create group"} pending={pending} onCancel={onDone} />
    </form>
  );
}
