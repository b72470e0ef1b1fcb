"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";

/** Confirms the address only on a click, so mail scanners that open links do not use the token up. */
export function VerifyEmailPanel({ token }: { token: string }) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions());

  if (verify.isSuccess) {
    return (
      <div className="space-y-4">
        <Alert tone="success" title="Email confirmed">
          Thank you: your email address is confirmed.
        </Alert>
        <Link href="/select-workspace" className={buttonClasses("primary", "md", "w-full")}>
          Continue
        </Link>
      </div>
    );
  }
  if (verify.error) {
    return (
      <div className="space-y-4">
        <Alert tone="error">{formMessageOf(verify.error)}</Alert>
        <Link href="/login" className={buttonClasses("secondary", "md", "w-full")}>
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <Button className="w-full" pending={verify.isPending} onClick={() => verify.mutate({ token })}>
        Confirm my email
      </Button>
    </div>
  );
}
