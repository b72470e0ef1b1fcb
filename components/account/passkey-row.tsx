"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/components/forms/format";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/text-field";

export type PasskeyItem = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; deviceType: string; backedUp: boolean };

/** One passkey: what it is and when it was used, renamed in place, removed after a confirmation. */
export function PasskeyRow({ passkey }: { passkey: PasskeyItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.passkeys.queryKey() });
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(passkey.name);
  const [confirming, setConfirming] = useState(false);
  const rename = useMutation(trpc.account.renamePasskey.mutationOptions({ onSuccess: async () => (await refresh(), setRenaming(false)) }));
  const remove = useMutation(trpc.account.removePasskey.mutationOptions({ onSuccess: refresh }));

  function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ passkeyId: passkey.id, name });
  }

  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3">
      {renaming ? (
        <form noValidate onSubmit={onRename} className="flex flex-wrap items-end gap-2" aria-label={`Rename ${passkey.name}`}>
          <TextField
            id={`passkey-name-${passkey.id}`}
            label="New name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldErrorsOf(rename.error).name ?? formMessageOf(rename.error)}
            maxLength={60}
            autoFocus
          />
          <Button type="submit" size="sm" pending={rename.isPending}>
            Save
          </Button>
          <Button size="sm" variant="ghost" onClick={() => (setRenaming(false), setName(passkey.name), rename.reset())}>
            Cancel
          </Button>
        </form>
      ) : (
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
            {passkey.name}
            <Badge tone="neutral">{passkey.deviceType === "multiDevice" ? "Synced passkey" : "Device-bound"}</Badge>
            {passkey.backedUp ? <Badge tone="info">Backed up</Badge> : null}
          </p>
          <p className="text-xs text-slate-500">
            Added {formatDateTime(passkey.createdAt)} · {passkey.lastUsedAt ? `last used ${formatDateTime(passkey.lastUsedAt)}` : "never used"}
          </p>
        </div>
      )}
      {renaming ? null : (
        <div className="flex gap-2">
          <Button size="sm" variant="secondary" aria-label={`Rename ${passkey.name}`} onClick={() => setRenaming(true)}>
            Rename
          </Button>
          <Button size="sm" variant="secondary" aria-label={`Remove ${passkey.name}`} onClick={() => (remove.reset(), setConfirming(true))}>
            Remove
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Remove “${passkey.name}”?`}
        confirmLabel="Remove passkey"
        pending={remove.isPending}
        error={formMessageOf(remove.error)}
        onConfirm={() => remove.mutate({ passkeyId: passkey.id }, { onSuccess: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      >
        You will no longer be able to sign in with it. The passkey stays on the device or security key; remove it there too if you
        no longer need it.
      </ConfirmDialog>
    </li>
  );
}
