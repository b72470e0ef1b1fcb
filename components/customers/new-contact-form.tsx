"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

/** Adds a contact (or user) to a customer. */
export function NewContactForm({ tenant, customerId, onDone }: { tenant: string; customerId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [missing, setMissing] = useState<string | null>(null);
  const create = useMutation(
    trpc.contacts.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.contacts.list.pathFilter());
        onDone();
      },
    }),
  );
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!name.trim()) return setMissing("Name is required.");
    setMissing(null);
    create.mutate({ tenant, customerId, name, email, phone });
  }
  const errors = fieldErrorsOf(create.error);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField id="contact-name" label="Name" data-autofocus value={name} onChange={(e) => setName(e.target.value)} error={missing ?? errors.name} required />
      <TextField id="contact-email" label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
      <TextField id="contact-phone" label="Phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.phone} />
      <FormError message={errors.name || errors.email || errors.phone ? null : formMessageOf(create.error)} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={create.isPending}>
          Add {words.contact.toLowerCase()}
        </Button>
      </div>
    </form>
  );
}
