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

/** Creates a customer (or site) and opens its page; with `customer`, edits that one instead. */
export function NewCustomerForm({ tenant, onDone, customer }: { tenant: string; onDone: () => void; customer?: { id: string; name: string; notes: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const [name, setName] = useState(customer?.name ?? "");
  const [notes, setNotes] = useState(customer?.notes ?? "");
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
  const update = useMutation(
    trpc.customers.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.customers.pathFilter()),
          queryClient.invalidateQueries(trpc.credentials.list.pathFilter()),
        ]);
        onDone();
      },
    }),
  );
  const mutation = customer ? update : create;
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!name.trim()) return setMissing("Name is required.");
    setMissing(null);
    if (customer) update.mutate({ tenant, customerId: customer.id, name, notes });
    else create.mutate({ tenant, name, notes });
  }
  const errors = fieldErrorsOf(mutation.error);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField id="customer-name" label="Name" data-autofocus value={name} onChange={(e) => setName(e.target.value)} error={missing ?? errors.name} required />
      <TextField id="customer-notes" label="Notes" hint="Optional. Shown on the page only." value={notes} onChange={(e) => setNotes(e.target.value)} error={errors.notes} />
      <FormError message={errors.name || errors.notes ? null : formMessageOf(mutation.error)} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={mutation.isPending}>
          {customer ? "Save changes" : `Create ${words.customer.toLowerCase()}`}
        </Button>
      </div>
    </form>
  );
}
