"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { validate } from "@/components/forms/validate";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { assessPassword } from "@/lib/password-strength";
import { zCompanyName, zEmail, zNewPassword, zPersonName } from "@/lib/validation";
import { completeSignIn } from "./complete-sign-in";
import { PasswordStrengthMeter } from "./password-strength-meter";

const signUpSchema = z.object({ companyName: zCompanyName, name: zPersonName, email: zEmail, password: zNewPassword });

export function SignupForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState({ companyName: "", name: "", email: "", password: "" });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [signInError, setSignInError] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const startLogin = useMutation(trpc.auth.startLogin.mutationOptions());

  const related = [values.name, values.email, values.companyName];
  const errors = { ...fieldErrorsOf(signUp.error), ...clientErrors };
  const pending = signUp.isPending || startLogin.isPending || finishing;

  function set(field: keyof typeof values, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    if (clientErrors[field]) setClientErrors((errors) => ({ ...errors, [field]: "" }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInError(null);
    const checked = validate(signUpSchema, values);
    if (!checked.ok) return setClientErrors(checked.errors);
    const strength = assessPassword(values.password, related);
    if (!strength.acceptable) return setClientErrors({ password: `Password is too weak: ${strength.problem}` });
    setClientErrors({});
    try {
      const { slug } = await signUp.mutateAsync(checked.data);
      setFinishing(true);
      const { challenge } = await startLogin.mutateAsync({ email: checked.data.email, password: checked.data.password });
      const outcome = await completeSignIn(challenge);
      if (!outcome.ok) {
        setFinishing(false);
        setSignInError(`Your workspace is ready, but signing you in failed: ${outcome.error} Please sign in.`);
        return;
      }
      router.push(`/${slug}`);
    } catch {
      // The mutation's error is rendered below.
      setFinishing(false);
    }
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
      <FormError message={signInError ?? formMessageOf(signUp.error) ?? formMessageOf(startLogin.error)} />
      <Button type="submit" pending={pending} className="w-full">
        Create workspace
      </Button>
    </form>
  );
}
