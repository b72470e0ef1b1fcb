"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

export function DisableTwoFactorForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const disable = useMutation(
    trpc.account.disableTotp.mutationOptions({
      onSuccess: async () => {
        onDone();
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.account.me.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.account.backupCodesLeft.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() }),
        ]);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!password) return setClientError("Password is required.");
    setClientError(null);
    disable.mutate({ password });
  }

  const fieldError = clientError ?? fieldErrorsOf(disable.error).password ?? null;
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-3 rounded-md border border-red-200 bg-red-50/40 p-4">
      <p className="text-sm text-slate-700">
        Without two-factor, your password alone signs you in. Your other sessions are signed out, and workspaces that require
        two-factor will be closed to you.
      </p>
      <TextField
        id="disable-2fa-password"
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldError}
        className="max-w-sm"
        required
      />
      <FormError message={fieldErrorsOf(disable.error).password ? null : formMessageOf(disable.error)} />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" pending={disable.isPending}>
          Turn off two-factor
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={disable.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
