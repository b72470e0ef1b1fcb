"use client";

import { TextField } from "@/components/ui/text-field";

/** The 6-digit code from the user's authenticator app, as every two-factor form asks for it. */
export function AuthenticationCodeField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
}) {
  return (
    <TextField
      id={id}
      label="Authentication code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      className="max-w-48"
      required
    />
  );
}
