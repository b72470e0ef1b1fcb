"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { assessPassword } from "@/lib/password-strength";
import { zPersonName } from "@/lib/validation";
import { PasswordStrengthMeter } from "./password-strength-meter";
import { useSignInToWorkspace } from "./use-sign-in-to-workspace";

/** No account yet: create one with the invited email (the link proves it), join, and sign in. */
export function InviteNewUserForm({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const acceptNew = useMutation(trpc.invitations.acceptAsNewUser.mutationOptions());
  const signIn = useSignInToWorkspace("Your account is ready");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    const nameCheck = zPersonName.safeParse(name);
    if (!nameCheck.success) errors.name = nameCheck.error.issues[0]?.message ?? "Name is required.";
    const strength = assessPassword(password, [name, email]);
    if (!strength.acceptable) errors.password = `Password is too weak: ${strength.problem}`;
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      const joined = await acceptNew.mutateAsync({ token, name, password });
      await signIn.signInTo(joined, password);
    } catch {
      // The mutation's error is rendered below.
    }
  }

  const errors = { ...fieldErrorsOf(acceptNew.error), ...clientErrors };
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <p className="text-sm text-slate-600">Create your account to join. You will sign in with {email}.</p>
      <TextField
        id="invite-name"
        label="Your name"
        autoComplete="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        required
      />
      <TextField
        id="invite-password"
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint={<PasswordStrengthMeter password={password} related={[name, email]} />}
        required
      />
      <FormError message={signIn.error ?? formMessageOf(acceptNew.error)} />
      <Button type="submit" className="w-full" pending={acceptNew.isPending || signIn.pending}>
        Create account and join
      </Button>
    </form>
  );
}
