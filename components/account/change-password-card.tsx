"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { PasswordStrengthMeter } from "@/components/auth/password-strength-meter";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type ErrorLike, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/text-field";
import { assessPassword } from "@/lib/password-strength";

const empty = { current: "", next: "", confirm: "" };

/**
 * Change the account password: the current one, then a new one held to the sign-up strength rule. Sent through the
 * plain tRPC client, so the passwords never sit in the mutation cache; the form empties once it is done.
 */
export function ChangePasswordCard() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const [fields, setFields] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [signedOut, setSignedOut] = useState<number | null>(null);
  const related = me.data ? [me.data.name, me.data.email] : [];
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!fields.current) found.currentPassword = "Current password is required.";
    const strength = assessPassword(fields.next, related);
    if (!strength.acceptable) found.newPassword = `Password is too weak: ${strength.problem}`;
    if (fields.confirm !== fields.next) found.confirm = "The two passwords do not match.";
    setErrors(found);
    setFormError(null);
    setSignedOut(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      const result = await client.account.changePassword.mutate({ currentPassword: fields.current, newPassword: fields.next });
      setFields(empty);
      setSignedOut(result.otherSessionsSignedOut);
      await queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
    } catch (error) {
      const e = error as ErrorLike;
      const byField = fieldErrorsOf(e);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : formMessageOf(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card title="Password" description="Change the password you sign in with. Your other sessions are signed out.">
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="max-w-sm space-y-4">
        {signedOut !== null ? (
          <Alert tone="success" title="Password changed">
            {signedOut === 0 ? "No other session was signed in." : `${signedOut} other session${signedOut === 1 ? " was" : "s were"} signed out.`} We
            sent you an email about the change.
          </Alert>
        ) : null}
        <TextField
          id="change-password-current"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={fields.current}
          onChange={set("current")}
          error={errors.currentPassword}
          required
        />
        <TextField
          id="change-password-new"
          label="New password"
          type="password"
          autoComplete="new-password"
          value={fields.next}
          onChange={set("next")}
          error={errors.newPassword}
          hint={<PasswordStrengthMeter password={fields.next} related={related} />}
          required
        />
        <TextField
          id="change-password-confirm"
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={fields.confirm}
          onChange={set("confirm")}
          error={errors.confirm}
          required
        />
        <FormError message={formError} />
        <Button type="submit" pending={pending}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
