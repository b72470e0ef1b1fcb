"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { assessPassword } from "@/lib/password-strength";
import { zPersonName } from "@/lib/validation";
import { completeSignIn } from "./complete-sign-in";
import { PasswordStrengthMeter } from "./password-strength-meter";

/** No account yet: create one with the invited email (the link proves it), join, and sign in. */
export function InviteNewUserForm({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [signInError, setSignInError] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const acceptNew = useMutation(trpc.invitations.acceptAsNewUser.mutationOptions());
  const startLogin = useMutation(trpc.auth.startLogin.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInError(null);
    const errors: FieldErrors = {};
    const nameCheck = zPersonName.safeParse(name);
    if (!nameCheck.success) errors.name = nameCheck.error.issues[0]?.message ?? "Name is required.";
    const strength = assessPassword(password, [name, email]);
    if (!strength.acceptable) errors.password = `Password is too weak: ${strength.problem}`;
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      const joined = await acceptNew.mutateAsync({ token, name, password });
      setFinishing(true);
      const { challenge } = await startLogin.mutateAsync({ email: joined.email, password });
      const outcome = await completeSignIn(challenge);
      if (!outcome.ok) {
        setFinishing(false);
        setSignInError(`Your account is ready, but signing you in failed: ${outcome.error} Please sign in.`);
        return;
      }
      router.push(`/${joined.slug}`);
    } catch {
      setFinishing(false);
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
      <FormError message={signInError ?? formMessageOf(acceptNew.error) ?? formMessageOf(startLogin.error)} />
      <Button type="submit" className="w-full" pending={acceptNew.isPending || startLogin.isPending || finishing}>
        Create account and join
      </Button>
    </form>
  );
}
