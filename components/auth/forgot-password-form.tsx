"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { OperatorMailHint } from "@/components/email/operator-mail-hint";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { validate } from "@/components/forms/validate";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { linkClasses } from "@/components/ui/link-classes";
import { TextField } from "@/components/ui/text-field";
import { zEmail } from "@/lib/validation";

const schema = z.object({ email: zEmail });

export function ForgotPasswordForm({ operatorMailbox }: { operatorMailbox: boolean }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validate(schema, { email });
    if (!checked.ok) return setClientErrors(checked.errors);
    setClientErrors({});
    request.mutate(checked.data);
  }

  if (request.isSuccess) {
    return (
      <div className="space-y-4">
        <Alert tone="success" title="Check your email">
          If an account exists for {email.trim().toLowerCase()}, we sent a link to reset its password. The link works
          once, for 30 minutes.
          {operatorMailbox ? <OperatorMailHint /> : null}
        </Alert>
        <Link href="/login" className={`text-sm ${linkClasses}`}>
          Back to sign in
        </Link>
      </div>
    );
  }

  const errors = { ...fieldErrorsOf(request.error), ...clientErrors };
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField
        id="forgot-email"
        label="Email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
        required
      />
      <FormError message={formMessageOf(request.error)} />
      <Button type="submit" pending={request.isPending} className="w-full">
        Send reset link
      </Button>
    </form>
  );
}
