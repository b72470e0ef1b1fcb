"use client";

import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { startSso } from "./start-sso";

/**
 * "Sign in with SSO": finds the workspace by its name in the address or by a work email's domain, then goes to its
 * identity provider.
 */
export function SsoSignIn({ initialError }: { initialError?: string }) {
  const [open, setOpen] = useState(Boolean(initialError));
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const entered = value.trim();
    if (!entered) return setError("Enter your workspace or work email.");
    setPending(true);
    setError(null);
    const failure = await startSso(entered.includes("@") ? { email: entered } : { workspace: entered });
    if (failure === null) return;
    setPending(false);
    setError(failure);
  }

  if (!open) {
    return (
      <Button variant="secondary" className="w-full" onClick={() => setOpen(true)}>
        Sign in with SSO
      </Button>
    );
  }
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-3" aria-label="Sign in with SSO">
      <TextField
        id="sso-workspace"
        label="Workspace or work email"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        hint="Your workspace's name in its address (vaultline…/name), or your work email."
        autoComplete="email"
        autoFocus
      />
      <FormError message={error} />
      <Button type="submit" variant="secondary" className="w-full" pending={pending}>
        Continue with SSO
      </Button>
    </form>
  );
}
