"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { linkClasses } from "@/components/ui/link-classes";
import { TextField } from "@/components/ui/text-field";
import { assessPassword } from "@/lib/password-strength";
import { PasswordStrengthMeter } from "./password-strength-meter";

export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    const strength = assessPassword(password);
    if (!strength.acceptable) errors.password = `Password is too weak: ${strength.problem}`;
    if (confirm !== password) errors.confirm = "The two passwords do not match.";
    setClientErrors(errors);
    if (Object.keys(errors).length === 0) reset.mutate({ token, password });
  }

  if (reset.isSuccess) {
    return (
      <div className="space-y-4">
        <Alert tone="success" title="Password changed">
          Your password was changed and every session of your account was signed out. Sign in with the new password.
        </Alert>
        <Link href="/login" className={buttonClasses("primary", "md", "w-full")}>
          Sign in
        </Link>
      </div>
    );
  }

  const errors = { ...fieldErrorsOf(reset.error), ...clientErrors };
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField
        id="reset-password"
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint={<PasswordStrengthMeter password={password} related={[]} />}
        required
      />
      <TextField
        id="reset-confirm"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={errors.confirm}
        required
      />
      <FormError message={errors.token ? null : formMessageOf(reset.error)} />
      {errors.token ? (
        <Alert tone="error">
          {errors.token}{" "}
          <Link href="/forgot-password" className={linkClasses}>
            Ask for a new link
          </Link>
        </Alert>
      ) : null}
      <Button type="submit" pending={reset.isPending} className="w-full">
        Change password
      </Button>
    </form>
  );
}
