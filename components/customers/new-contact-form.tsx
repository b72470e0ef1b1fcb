"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

/** Adds a contact (or user) to a customer; with `contact`, edits that one instead. */
export function NewContactForm({ tenant, customerId, onDone, contact }: { tenant: string; customerId: string; onDone: () => void; contact?: { id: string; name: string; email: string; phone: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const [name, setName] = useState(contact?.name ?? "");
  const [email, setEmail] = useState(contact?.email ?? "");
  const [phone, setPhone] = useState(contact?.phone ?? "");
  const [missing, setMissing] = useState<string | null>(null);
  const create = useMutation(
    trpc.contacts.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.contacts.list.pathFilter());
        onDone();
      },
    }),
  );
  const update = useMutation(
    trpc.contacts.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([queryClient.invalidateQueries(trpc.contacts.pathFilter()), queryClient.invalidateQueries(trpc.credentials.list.pathFilter())]);
        onDone();
      },
    }),
  );
  const mutation = contact ? update : create;
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!name.trim()) return setMissing("Name is required.");
    setMissing(null);
    if (contact) update.mutate({ tenant, contactId: contact.id, name, email, phone });
    else create.mutate({ tenant, customerId, name, email, phone });
  }
  const errors = fieldErrorsOf(mutation.error);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField id="contact-name" label="Name" data-autofocus value={name} onChange={(e) => setName(e.target.value)} error={missing ?? errors.name} required />
      <TextField id="contact-email" label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
      <TextField id="contact-phone" label="Phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.phone} />
      <FormError message={errors.name || errors.email || errors.phone ? null : formMessageOf(mutation.error)} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={mutation.isPending}>
          {contact ? "Save changes" : `Add ${words.contact.toLowerCase()}`}
        </Button>
      </div>
    </form>
  );
}
