"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { KeyLimitFields, type KeyLimitsDraft } from "./key-limit-fields";

/** Changes the customers and credential groups a live key is limited to; its next request sees by the new limits. */
export function EditKeyLimitsForm({ tenant, apiKey, onDone }: { tenant: string; apiKey: { id: string } & KeyLimitsDraft; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [limits, setLimits] = useState<KeyLimitsDraft>({ customerIds: apiKey.customerIds, credentialGroupIds: apiKey.credentialGroupIds });
  const save = useMutation(
    trpc.apiKeys.setLimits.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter({ tenant }));
        onDone();
      },
    }),
  );
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ tenant, id: apiKey.id, ...limits });
  }
  const errors = fieldErrorsOf(save.error);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <KeyLimitFields tenant={tenant} value={limits} onChange={setLimits} errors={errors} />
      <FormError message={Object.keys(errors).length === 0 ? formMessageOf(save.error) : null} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={save.isPending}>
          Save limits
        </Button>
      </div>
    </form>
  );
}
