"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import type { RotationSchedule, ScheduleScope } from "./types";

type Mode = "none" | "every" | "cron";

type WhenOffline = "queue" | "fail";

const whenOfflineOptions: { value: WhenOffline; label: string }[] = [
  { value: "queue", label: "Queue until it checks in" },
  { value: "fail", label: "Fail the rotation" },
];

const modes: { value: Mode; label: string }[] = [
  { value: "none", label: "No schedule" },
  { value: "every", label: "Every N days" },
  { value: "cron", label: "Cron expression (UTC)" },
];

/**
 * Sets a rotation schedule for one password or a whole customer: none, every N days, or a cron expression.
 * "No schedule" removes an existing one. The server checks the cron expression and says what is wrong with it.
 * For agent devices, whether a rotation due while the device is offline waits for it or fails: asked on customer
 * schedules (it applies to their agent devices) and on passwords rotated through the device agent.
 */
export function ScheduleForm({ tenant, scope, current, idPrefix, onDone }: { tenant: string; scope: ScheduleScope; current: RotationSchedule | null; idPrefix: string; onDone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>(current ? (current.everyDays !== null ? "every" : "cron") : "none");
  const [days, setDays] = useState(String(current?.everyDays ?? 90));
  const [cron, setCron] = useState(current?.cron ?? "0 3 * * 1");
  const [clientError, setClientError] = useState<string | null>(null);
  const [whenOffline, setWhenOffline] = useState<WhenOffline>(current?.whenOffline ?? "queue");
  const credentialId = "credentialId" in scope ? scope.credentialId : null;
  // The password's rotation overview is already loaded by the panel this form opens from.
  const overview = useQuery({ ...trpc.rotation.overview.queryOptions({ tenant, credentialId: credentialId ?? "" }), enabled: credentialId !== null });
  const askWhenOffline = credentialId === null || overview.data?.target?.connector === "agent" || current?.whenOffline === "fail";
  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.rotation.pathFilter());
    onDone?.();
  };
  const save = useMutation(trpc.rotation.setSchedule.mutationOptions({ onSuccess }));
  const remove = useMutation(trpc.rotation.removeSchedule.mutationOptions({ onSuccess }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setClientError(null);
    save.reset();
    remove.reset();
    if (mode === "none") {
      if (current) remove.mutate({ tenant, scope });
      else onDone?.();
      return;
    }
    if (mode === "every") {
      if (!/^\d+$/.test(days.trim()) || Number(days) < 1) return setClientError("Days must be a whole number, 1 or more.");
      save.mutate({ tenant, scope, rule: { type: "every", days: Number(days) }, whenOffline });
    } else {
      if (!cron.trim()) return setClientError("Cron expression is required.");
      save.mutate({ tenant, scope, rule: { type: "cron", expression: cron.trim() }, whenOffline });
    }
  }

  const errors = fieldErrorsOf(save.error);
  const daysError = (mode === "every" ? clientError : null) ?? errors["rule.days"];
  const cronError = (mode === "cron" ? clientError : null) ?? errors["rule.expression"];
  const formMessage = formMessageOf(save.error ?? remove.error);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Rotate</legend>
        <div className="mt-2 space-y-2">
          {modes.map((m) => (
            <div key={m.value} className="flex items-center gap-2">
              <input
                id={`${idPrefix}-mode-${m.value}`}
                type="radio"
                name={`${idPrefix}-mode`}
                value={m.value}
                checked={mode === m.value}
                onChange={() => {
                  setMode(m.value);
                  setClientError(null);
                }}
                className="size-4 border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              />
              <label htmlFor={`${idPrefix}-mode-${m.value}`} className="text-sm text-slate-800">
                {m.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      {mode === "every" ? (
        <TextField
          id={`${idPrefix}-days`}
          label="Days between rotations"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={daysError}
          hint="1 to 3650 days; the first rotation is one period from now."
          className="max-w-xs"
        />
      ) : mode === "cron" ? (
        <TextField
          id={`${idPrefix}-cron`}
          label="Cron expression"
          value={cron}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setCron(e.target.value)}
          error={cronError}
          hint="Five fields in UTC: minute hour day-of-month month day-of-week, like 0 3 * * 1 (Mondays at 03:00)."
          className="max-w-md"
        />
      ) : null}
      {mode !== "none" && askWhenOffline ? (
        <div className="max-w-md">
          <SelectField
            id={`${idPrefix}-when-offline`}
            label="When the device is offline"
            value={whenOffline}
            onChange={(e) => setWhenOffline(e.target.value as WhenOffline)}
            error={errors.whenOffline}
            options={whenOfflineOptions}
            aria-describedby={[`${idPrefix}-when-offline-hint`, errors.whenOffline ? `${idPrefix}-when-offline-error` : null].filter(Boolean).join(" ")}
          />
          <p id={`${idPrefix}-when-offline-hint`} className="mt-1 text-sm text-slate-500">
            {credentialId === null
              ? "Only affects passwords rotated through a device agent: when the rotation is due and the device is offline, wait for its next check-in or fail the run (the old password stays)."
              : "When the rotation is due and the device's agent is offline: wait for its next check-in, or fail the run (the old password stays)."}
          </p>
        </div>
      ) : null}
      {/* A field error is shown at its field; anything else (scope gone, permissions) above the buttons. */}
      {formMessage && !(daysError || cronError || errors.whenOffline) ? <FormError message={formMessage} /> : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" pending={save.isPending || remove.isPending}>
          Save schedule
        </Button>
        {onDone ? (
          <Button size="sm" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
      {!onDone && (save.isSuccess || remove.isSuccess) ? (
        <p role="status" className="text-sm text-green-800">
          Schedule saved.
        </p>
      ) : null}
    </form>
  );
}
