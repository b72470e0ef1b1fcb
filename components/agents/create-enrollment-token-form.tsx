"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { CopyTextButton } from "./copy-text-button";
import type { CreatedEnrollmentToken } from "./types";
import { formatDateTime } from "@/components/forms/format";

/** The one-time view of a fresh token and its install command. */
function CreatedToken({ created, onDone }: { created: CreatedEnrollmentToken; onDone: () => void }) {
  return (
    <div className="space-y-4">
      <Alert tone="warning" title="Copy the token now">
        This is the only time Vaultline shows this enrollment token: only its hash is stored. If you lose it, revoke it and create
        another. It expires {formatDateTime(created.expiresAt)}.
      </Alert>
      <div>
        <p id="enrollment-token-label" className="mb-1 text-sm font-medium text-slate-800">
          Enrollment token
        </p>
        <output
          aria-labelledby="enrollment-token-label"
          data-testid="enrollment-token"
          className="block rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-sm break-all text-slate-900 select-all"
        >
          {created.token}
        </output>
        <div className="mt-2">
          <CopyTextButton text={created.token} label="Copy token" />
        </div>
      </div>
      <div>
        <p id="enrollment-command-label" className="mb-1 text-sm font-medium text-slate-800">
          Install command
        </p>
        <p className="mb-2 text-sm text-slate-600">Run it as root on the machine, from a checkout of the Vaultline agent; the machine then appears under Devices.</p>
        <output
          aria-labelledby="enrollment-command-label"
          className="block rounded-md border border-slate-200 bg-slate-900 p-3 font-mono text-xs break-all text-slate-100 select-all"
        >
          {created.installCommand}
        </output>
        <div className="mt-2">
          <CopyTextButton text={created.installCommand} label="Copy command" />
        </div>
      </div>
      <div className="flex justify-end">
        <Button onClick={onDone}>I copied it</Button>
      </div>
    </div>
  );
}

/** Creates an enrollment token for one customer, then shows it once. */
export function CreateEnrollmentTokenForm({ tenant, customerId, onDone }: { tenant: string; customerId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState("");
  const [days, setDays] = useState("7");
  const [maxUses, setMaxUses] = useState("");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.agents.createEnrollmentToken.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.agents.enrollmentTokens.queryFilter({ tenant, customerId })),
    }),
  );

  if (create.data) return <CreatedToken created={create.data} onDone={onDone} />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!label.trim()) errors.label = "Label is required.";
    if (!/^\d+$/.test(days.trim()) || Number(days) < 1 || Number(days) > 365) errors.expiresInDays = "Expiry must be a whole number of days, 1 to 365.";
    if (maxUses.trim() && (!/^\d+$/.test(maxUses.trim()) || Number(maxUses) < 1)) errors.maxUses = "Maximum uses must be a whole number, 1 or more.";
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    create.mutate({ tenant, customerId, label: label.trim(), expiresInDays: Number(days), maxUses: maxUses.trim() ? Number(maxUses) : null });
  }

  const errors = { ...fieldErrorsOf(create.error), ...clientErrors };
  const placed = ["label", "expiresInDays", "maxUses"];
  const serverFieldErrors = Object.keys(fieldErrorsOf(create.error));
  const unplaced = serverFieldErrors.length === 0 || serverFieldErrors.some((k) => !placed.includes(k));
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <TextField
        id="enrollment-token-label-input"
        label="Label"
        value={label}
        maxLength={100}
        autoComplete="off"
        placeholder="Office servers, November rollout"
        hint="Shown in this list and in the audit log, so you know what the token was for."
        onChange={(e) => setLabel(e.target.value)}
        error={errors.label}
        required
        data-autofocus
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="enrollment-token-days"
          label="Expires in days"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={errors.expiresInDays}
          required
        />
        <TextField
          id="enrollment-token-max-uses"
          label="Maximum uses (optional)"
          type="number"
          inputMode="numeric"
          min={1}
          value={maxUses}
          placeholder="Unlimited"
          hint="How many machines may enroll with it."
          onChange={(e) => setMaxUses(e.target.value)}
          error={errors.maxUses}
        />
      </div>
      {unplaced ? <FormError message={formMessageOf(create.error)} /> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={create.isPending}>
          Create
        </Button>
      </div>
    </form>
  );
}
