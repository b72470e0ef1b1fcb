"use client";

import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf, type ErrorLike } from "./trpc-errors";

/**
 * A row action behind a confirmation (delete, revoke): `ask(row)` opens the dialog, Confirm runs the mutation,
 * success refreshes the list and closes it, and Cancel forgets a failed attempt. Spread `dialog` into ConfirmDialog.
 * An action whose answer must be shown afterwards (a rotated key) reads it from `result` until `dismiss()`.
 */
export function useConfirmedAction<Row, Data, Variables, Failure extends NonNullable<ErrorLike>>(
  mutationOptions: UseMutationOptions<Data, Failure, Variables>,
  variablesOf: (row: Row) => Variables,
  refresh: () => Promise<unknown>,
) {
  const [target, setTarget] = useState<Row | null>(null);
  const mutation = useMutation({
    ...mutationOptions,
    onSuccess: async () => {
      await refresh();
      setTarget(null);
    },
  });
  return {
    target,
    ask: setTarget,
    result: mutation.data,
    dismiss: () => mutation.reset(),
    dialog: {
      open: target !== null,
      pending: mutation.isPending,
      error: formMessageOf(mutation.error),
      onConfirm: () => target !== null && mutation.mutate(variablesOf(target)),
      onClose: () => {
        setTarget(null);
        mutation.reset();
      },
    },
  };
}
