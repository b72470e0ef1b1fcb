"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { createPasskey } from "@/components/auth/passkey-ceremony";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { zPasskeyName } from "@/lib/passkeys";

/** Names a new passkey, then asks the browser to create it and the server to verify and keep it. */
export function AddPasskeyForm({ onDone, onCancel }: { onDone: (name: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const begin = useMutation(trpc.account.beginPasskeyRegistration.mutationOptions());
  const register = useMutation(trpc.account.registerPasskey.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = zPasskeyName.safeParse(name);
    setNameError(parsed.success ? null : (parsed.error.issues[0]?.message ?? "Name the passkey."));
    if (!parsed.success) return;
    setError(null);
    setPending(true);
    try {
      const created = await createPasskey(await begin.mutateAsync());
      if (!created.ok) return setError(created.error);
      await register.mutateAsync({ name: parsed.data, response: created.response });
      await queryClient.invalidateQueries({ queryKey: trpc.account.passkeys.queryKey() });
      onDone(parsed.data);
    } catch (failure) {
      const fields = fieldErrorsOf(failure as ErrorLike);
      if (fields.name) setNameError(fields.name);
      else setError(formMessageOf(failure as ErrorLike) ?? "The passkey could not be added. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-3 rounded-md border border-slate-200 p-4" aria-label="Add a passkey">
      <TextField
        id="passkey-name"
        label="Passkey name"
        hint="So you can tell your passkeys apart, e.g. “Work laptop” or “YubiKey”."
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={nameError}
        maxLength={60}
        className="max-w-sm"
        autoFocus
        required
      />
      <FormError message={error} />
      <div className="flex gap-2">
        <Button type="submit" pending={pending}>
          Create passkey
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
