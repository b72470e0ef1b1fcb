"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { validate } from "@/components/forms/validate";
import { OperatorMailHint } from "@/components/email/operator-mail-hint";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { assessPassword } from "@/lib/password-strength";
import { zCompanyName, zEmail, zNewPassword, zPersonName } from "@/lib/validation";
import { PasswordStrengthMeter } from "./password-strength-meter";

const signUpSchema = z.object({ companyName: zCompanyName, name: zPersonName, email: zEmail, password: zNewPassword });

/**
 * The sign-up form. It answers "check your email" whether or not the address has an account (the link in the
 * email finishes the sign-up), so the form never tells anyone which addresses have accounts.
 */
export function SignupForm({ operatorMailbox }: { operatorMailbox: boolean }) {
  const trpc = useTRPC();
  const [values, setValues] = useState({ companyName: "", name: "", email: "", password: "" });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  const related = [values.name, values.email, values.companyName];
  const errors = { ...fieldErrorsOf(signUp.error), ...clientErrors };

  function set(field: keyof typeof values, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    if (clientErrors[field]) setClientErrors((errors) => ({ ...errors, [field]: "" }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validate(signUpSchema, values);
    if (!checked.ok) return setClientErrors(checked.errors);
    const strength = assessPassword(values.password, related);
    if (!strength.acceptable) return setClientErrors({ password: `Password is too weak: ${strength.problem}` });
    setClientErrors({});
    signUp.mutate(checked.data);
  }

  if (signUp.isSuccess) {
    return (
      <Alert tone="success" title="Check your email">
        We sent a link to {signUp.variables.email.trim().toLowerCase()}. Open it within 24 hours to finish creating your
        workspace.
        {operatorMailbox ? <OperatorMailHint /> : null}
      </Alert>
    );
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField
        id="signup-company"
        label="Company name"
        autoComplete="organization"
        value={values.companyName}
        onChange={(e) => set("companyName", e.target.value)}
        error={errors.companyName}
        required
      />
      <TextField
        id="signup-name"
        label="Your name"
        autoComplete="name"
        value={values.name}
        onChange={(e) => set("name", e.target.value)}
        error={errors.name}
        required
      />
      <TextField
        id="signup-email"
        label="Email"
        type="email"
        autoComplete="email"
        value={values.email}
        onChange={(e) => set("email", e.target.value)}
        error={errors.email}
        required
      />
      <TextField
        id="signup-password"
        label="Password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={(e) => set("password", e.target.value)}
        error={errors.password}
        hint={<PasswordStrengthMeter password={values.password} related={related} />}
        required
      />
      <FormError message={formMessageOf(signUp.error)} />
      <Button type="submit" pending={signUp.isPending} className="w-full">
        Create workspace
      </Button>
    </form>
  );
}
