"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormError } from "@/components/forms/form-error";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import type { ImportStatus } from "./types";

/**
 * Cancels a running import before it publishes: what it staged is discarded and nothing is imported. Once publishing
 * has begun it is too late; the button is gone then, and a cancel that loses the race says so.
 */
export function CancelImportButton({ tenant, status }: { tenant: string; status: ImportStatus }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.imports.cancel.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.imports.get.queryKey({ tenant, importId: status.id }) }),
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-3">
      {status.state === "queued" || status.state === "staging" ? (
        <Button variant="secondary" size="sm" pending={cancel.isPending} onClick={() => cancel.mutate({ tenant, importId: status.id })}>
          Cancel import
        </Button>
      ) : null}
      <FormError message={formMessageOf(cancel.error)} />
    </div>
  );
}
