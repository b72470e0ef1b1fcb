"use client";

import { useMutation } from "@tanstack/react-query";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";

export function EmailVerificationBanner({ email }: { email: string }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.account.resendVerification.mutationOptions());
  return (
    <div role="status" className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 sm:px-6">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <p className="flex-1">
          Please confirm your email address: we sent a link to <span className="font-medium">{email}</span>.
        </p>
        {resend.isSuccess ? (
          <p className="font-medium">Sent. Check your inbox.</p>
        ) : (
          <Button size="sm" variant="secondary" pending={resend.isPending} onClick={() => resend.mutate()}>
            Resend link
          </Button>
        )}
      </div>
      {resend.error ? <p className="mt-1 text-red-700">{formMessageOf(resend.error)}</p> : null}
    </div>
  );
}
