"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

/** Creates a customer (or site) and opens its page. */
export function NewCustomerForm({ tenant, onDone }: { tenant: string; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const [name, setName] = useState("");
  const [notes, setNotes] = useState("");
  const [missing, setMissing] = useState<string | null>(null);
  const create = useMutation(
    trpc.customers.create.mutationOptions({
      onSuccess: async (row) => {
        await queryClient.invalidateQueries(trpc.customers.list.pathFilter());
        onDone();
        router.push(`/${tenant}/customers/${row.id}`);
      },
    }),
  );
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!name.trim()) return setMissing("Name is required.");
    setMissing(null);
    create.mutate({ tenant, name, notes });
  }
  const errors = fieldErrorsOf(create.error);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField id="customer-name" label="Name" data-autofocus value={name} onChange={(e) => setName(e.target.value)} error={missing ?? errors.name} required />
      <TextField id="customer-notes" label="Notes" hint="Optional. Shown on the page only." value={notes} onChange={(e) => setNotes(e.target.value)} error={errors.notes} />
      <FormError message={errors.name || errors.notes ? null : formMessageOf(create.error)} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={create.isPending}>
          Create {words.customer.toLowerCase()}
        </Button>
      </div>
    </form>
  );
}
