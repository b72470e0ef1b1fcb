"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

/** Creates a group, or renames one (`group` given). */
export function GroupForm({ tenant, group, onDone }: { tenant: string; group?: { id: string; name: string; description: string }; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(group?.name ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey({ tenant }) });
    onDone();
  };
  const create = useMutation(trpc.groups.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.groups.update.mutationOptions({ onSuccess }));
  const save = group ? update : create;
  const errors = fieldErrorsOf(save.error);

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
      <FormError message={Object.keys(errors).length ? null : formMessageOf(save.error)} />
      <div className="flex gap-2">
        <Button type="submit" pending={save.isPending}>
          {group ? "Save group" : "Create group"}
        </Button>
        <Button variant="ghost" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
