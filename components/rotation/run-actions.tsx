"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { SecretText } from "@/components/credentials/secret-text";
import { useRevealedValue } from "@/components/credentials/use-revealed-value";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RotationRun } from "./types";

const small = "px-1.5 py-0.5 text-xs";

/**
 * What can be done with one run: admins reveal its pending password (a failed rotation to recover from, or a
 * manual one to carry out; hidden again after 30 s) and cancel a run that has not touched the target;
 * technicians mark a manual rotation done once they have set the password by hand.
 */
export function RunActions({ tenant, run, label }: { tenant: string; run: RotationRun; label: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const revealed = useRevealedValue();
  const [revealing, setRevealing] = useState(false);
  const [revealError, setRevealError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<"done" | "cancel" | null>(null);
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries(trpc.rotation.pathFilter()), queryClient.invalidateQueries(trpc.credentials.pathFilter())]);
  const complete = useMutation(trpc.rotation.completeManual.mutationOptions({ onSuccess: async () => (await refresh(), setConfirm(null)) }));
  const cancel = useMutation(trpc.rotation.cancelRun.mutationOptions({ onSuccess: async () => (await refresh(), setConfirm(null)) }));

  // The server's verdict on the run's password (run.can), and where the run stands. The pending password only once
  // the run has stopped with one left over: a running one may still promote it.
  const canReveal = run.can.revealPending && run.hasPending && (run.status === "failed" || run.status === "awaiting_technician");
  const canComplete = run.can.completeRotation && run.status === "awaiting_technician";
  const canCancel = run.can.cancelRotation && (run.status === "awaiting_technician" || (run.status === "queued" && run.step === null));
  if (!canReveal && !canComplete && !canCancel) return <span className="text-slate-400">—</span>;

  async function reveal() {
    if (revealed.value !== null) return revealed.hide();
    setRevealing(true);
    setRevealError(null);
    try {
      revealed.show((await client.rotation.revealPending.mutate({ tenant, runId: run.id })).value);
    } catch (e) {
      setRevealError(formMessageOf(e as ErrorLike));
    } finally {
      setRevealing(false);
    }
  }

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-1">
        {canReveal ? (
          <Button size="sm" variant="ghost" className={small} pending={revealing} onClick={() => void reveal()} aria-label={`${revealed.value !== null ? "Hide" : "Reveal"} pending password of ${label}`}>
            {revealed.value !== null ? "Hide pending password" : "Reveal pending password"}
          </Button>
        ) : null}
        {canComplete ? (
          <Button size="sm" variant="ghost" className={small} onClick={() => setConfirm("done")} aria-label={`Mark the rotation of ${label} done`}>
            Mark done
          </Button>
        ) : null}
        {canCancel ? (
          <Button size="sm" variant="ghost" className={`${small} text-red-700 hover:bg-red-50`} onClick={() => setConfirm("cancel")} aria-label={`Cancel the run of ${label}`}>
            Cancel run
          </Button>
        ) : null}
      </div>
      {revealed.value !== null ? (
        <SecretText className="block text-sm text-slate-900" aria-label={`Pending password of ${label}`} data-testid="pending-password">
          {revealed.value}
        </SecretText>
      ) : null}
      {revealError ? (
        <p role="alert" className="text-xs text-red-700">
          {revealError}
        </p>
      ) : null}
      {canComplete ? (
        <p className="text-xs text-slate-600">Set this password on the target by hand, then mark it done.</p>
      ) : null}
      <ConfirmDialog
        open={confirm === "done"}
        title="Mark the rotation done?"
        confirmLabel="Mark done"
        tone="primary"
        pending={complete.isPending}
        error={formMessageOf(complete.error)}
        onConfirm={() => complete.mutate({ tenant, runId: run.id })}
        onClose={() => (setConfirm(null), complete.reset())}
      >
        Set the pending password on the target by hand first (an admin can reveal it). Marking the run done makes it the current password of{" "}
        {label}.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "cancel"}
        title="Cancel this run?"
        confirmLabel="Cancel run"
        pending={cancel.isPending}
        error={formMessageOf(cancel.error)}
        onConfirm={() => cancel.mutate({ tenant, runId: run.id })}
        onClose={() => (setConfirm(null), cancel.reset())}
      >
        The run stops and its pending password is discarded; the current password of {label} stays as it is.
      </ConfirmDialog>
    </div>
  );
}
