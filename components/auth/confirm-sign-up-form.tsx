"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { linkClasses } from "@/components/ui/link-classes";
import { TextField } from "@/components/ui/text-field";
import { useSignInToWorkspace } from "./use-sign-in-to-workspace";

/**
 * Finishes a sign-up from its emailed link: the password chosen at sign-up (the link alone creates nothing), then
 * straight into the new workspace. Nothing happens on opening the page, so mail scanners cannot use the link.
 */
export function ConfirmSignUpForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const confirm = useMutation(trpc.auth.confirmSignUp.mutationOptions());
  const signIn = useSignInToWorkspace("Your workspace is ready");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const created = await confirm.mutateAsync({ token, password });
      await signIn.signInTo(created, password);
    } catch {
      // The mutation's error is rendered below.
    }
  }

  const errors = fieldErrorsOf(confirm.error);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField
        id="confirm-signup-password"
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint="The password you chose when you signed up."
        required
      />
      {errors.token ? (
        <Alert tone="error">
          {errors.token}{" "}
          <Link href="/signup" className={linkClasses}>
            Sign up again
          </Link>
        </Alert>
      ) : (
        <FormError message={signIn.error ?? (errors.password ? null : formMessageOf(confirm.error))} />
      )}
      <Button type="submit" className="w-full" pending={confirm.isPending || signIn.pending}>
        Create workspace
      </Button>
    </form>
  );
}
