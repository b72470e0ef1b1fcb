"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { AuthenticationCodeField } from "./authentication-code-field";

export function RegenerateBackupCodesForm({ onDone, onCancel }: { onDone: (codes: string[]) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const regenerate = useMutation(
    trpc.account.regenerateBackupCodes.mutationOptions({
      onSuccess: async ({ backupCodes }) => {
        onDone(backupCodes);
        await queryClient.invalidateQueries({ queryKey: trpc.account.backupCodesLeft.queryKey() });
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(value)) return setClientError("Code must be the 6 digits shown in your authenticator app.");
    setClientError(null);
    regenerate.mutate({ code: value });
  }

  const fieldError = clientError ?? fieldErrorsOf(regenerate.error).code ?? null;
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-3 rounded-md border border-slate-200 p-4">
      <p className="text-sm text-slate-600">New codes replace all earlier ones. Enter a current code from your authenticator to continue.</p>
      <AuthenticationCodeField id="regenerate-code" value={code} onChange={setCode} error={fieldError} />
      <FormError message={fieldErrorsOf(regenerate.error).code ? null : formMessageOf(regenerate.error)} />
      <div className="flex gap-2">
        <Button type="submit" pending={regenerate.isPending}>
          Generate new codes
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={regenerate.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
