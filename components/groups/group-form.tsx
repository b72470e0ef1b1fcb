"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormActions } from "@/components/forms/form-actions";
import { useCreateOrEdit } from "@/components/forms/use-create-or-edit";
import { useTRPC } from "@/components/providers/trpc";
import { TextField } from "@/components/ui/text-field";

/** Creates a group, or renames one (`group` given). */
export function GroupForm({ tenant, group, onDone }: { tenant: string; group?: { id: string; name: string; description: string }; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(group?.name ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const { create, update, pending, errors, formMessage } = useCreateOrEdit({
    editing: Boolean(group),
    create: trpc.groups.create.mutationOptions(),
    update: trpc.groups.update.mutationOptions(),
    refresh: () => queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey({ tenant }) }),
    onDone,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (group) update.mutate({ tenant, groupId: group.id, name, description });
    else create.mutate({ tenant, name, description });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField id="group-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required data-autofocus />
      <TextField
        id="group-description"
        label="Description"
        hint="Optional: who belongs here."
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.description}
      />
      <FormError message={formMessage} />
      <FormActions submitLabel={group ? "Save group" : "Create group"} pending={pending} onCancel={onDone} />
    </form>
  );
}
