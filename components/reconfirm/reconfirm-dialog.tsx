"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useSyncExternalStore, type FormEvent } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LoadingBlock } from "@/components/ui/loading-block";
import { ConfirmationFields, useConfirmation, type ConfirmingAccount } from "./confirmation-fields";
import { answerReconfirm, isReconfirmOpen, subscribeReconfirm } from "./reconfirm-request";

/**
 * "Confirm it is you", opened by the tRPC client when a workspace wants a recent confirmation before a secret
 * (lib/reconfirm.ts). Closing it gives up: the reveal or copy that asked fails with the server's words.
 */
export function ReconfirmDialog() {
  const open = useSyncExternalStore(subscribeReconfirm, isReconfirmOpen, () => false);
  return (
    <Dialog
      open={open}
      onClose={() => answerReconfirm(false)}
      title="Confirm it is you"
      description="This workspace asks again after a while before passwords are shown or copied."
    >
      <ReconfirmContent />
    </Dialog>
  );
}

function ReconfirmContent() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  if (me.isPending) return <LoadingBlock label="Loading your sign-in methods…" />;
  if (!me.data) return <FormError message={formMessageOf(me.error) ?? "Your account could not be loaded."} />;
  return <ReconfirmForm account={me.data} />;
}

function ReconfirmForm({ account }: { account: ConfirmingAccount }) {
  const trpc = useTRPC();
  const confirmation = useConfirmation(account);
  const reconfirm = useMutation(trpc.account.reconfirm.mutationOptions({ onSuccess: () => answerReconfirm(true) }));

  if (!confirmation.method) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">Your account signs in through your organisation&rsquo;s identity provider. Sign in again to continue.</p>
        <SignOutButton variant="primary" />
      </div>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reconfirm.reset();
    const taken = await confirmation.take();
    if (taken) reconfirm.mutate({ confirmation: taken });
  }

  const errors = fieldErrorsOf(reconfirm.error);
  const fieldShown = Object.keys(errors).some((k) => k.startsWith("confirmation."));
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      <ConfirmationFields idPrefix="reconfirm" confirmation={confirmation} errors={errors} />
      <FormError message={confirmation.problem ?? (fieldShown ? null : formMessageOf(reconfirm.error))} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => answerReconfirm(false)}>
          Cancel
        </Button>
        <Button type="submit" pending={reconfirm.isPending || confirmation.pending}>
          {confirmation.method === "passkey" ? "Use a passkey" : "Confirm"}
        </Button>
      </div>
    </form>
  );
}
