"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import type { CredentialRow } from "./types";

/** Asks once, then moves the credential to the trash (admins can restore it from there). */
export function DeleteCredentialDialog({ tenant, credential, open, onClose }: { tenant: string; credential: CredentialRow; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.credentials.delete.mutationOptions({
      onSuccess: async () => {
        onClose();
        toast(`“${credential.name}” moved to the trash`);
        await Promise.all([
          queryClient.invalidateQueries(trpc.credentials.list.pathFilter()),
          queryClient.invalidateQueries(trpc.credentials.trash.pathFilter()),
        ]);
      },
    }),
  );
  return (
    <ConfirmDialog
      open={open}
      title={`Delete “${credential.name}”?`}
      confirmLabel="Delete"
      pending={remove.isPending}
      error={formMessageOf(remove.error)}
      onConfirm={() => remove.mutate({ tenant, id: credential.id })}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    >
      It moves to the trash, where an admin can restore it.
    </ConfirmDialog>
  );
}
