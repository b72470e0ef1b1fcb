"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { TextField } from "@/components/ui/text-field";
import { RECONFIRM_MAX_MINUTES } from "@/lib/reconfirm";
import { secretLimitSettingKeys, secretLimitSettings, type SecretLimitSetting } from "@/lib/secret-limits";
import { zWorkspaceName } from "@/lib/validation";

type Terminology = "customers" | "sites";
type Settings = { name: string; slug: string; idleTimeoutMinutes: number; absoluteTimeoutHours: number; reconfirmAfterMinutes: number; requireTwoFactor: boolean; terminology: Terminology; allowPrivateTargets: boolean; restrictTechniciansToShared: boolean } & Record<SecretLimitSetting, number>;

/** What each secret-access number means, under its field. */
const secretLimitHints: Record<SecretLimitSetting, string> = {
  secretsPerMemberPerMinute: "Reveals, copies, TOTP codes and old versions one member may get in a minute.",
  secretsPerWorkspacePerMinute: "The same, for all members together.",
  bulkRevealPasswords: "Notify (rule event “Bulk reveal”) when one member gets more different passwords than this…",
  bulkRevealMinutes: "…within this many minutes.",
};

const terminologyChoices: { value: Terminology; label: string; hint: string }[] = [
  { value: "customers", label: "Customers and Contacts", hint: "The usual MSP words." },
  { value: "sites", label: "Sites and Users", hint: "As in Atera: customers are called sites, contacts users." },
];

function wholeNumberIn(value: string, min: number, max: number, what: string, unit: string): string | null {
  if (!/^\d+$/.test(value.trim())) return `${what} must be a whole number of ${unit}.`;
  const n = Number(value);
  if (n < min) return `${what} must be at least ${min} ${n === 1 ? unit.replace(/s$/, "") : unit}.`;
  if (n > max) return `${what} must be at most ${max} ${unit}.`;
  return null;
}

/** The server's own rule (lib/validation.ts), checked before sending so the message appears at once. */
function workspaceNameProblem(value: string): string | null {
  const result = zWorkspaceName.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "Workspace name is invalid.");
}

export function GeneralSettingsForm({ tenant, initial }: { tenant: string; initial: Settings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const me = useQuery(trpc.account.me.queryOptions());
  const [name, setName] = useState(initial.name);
  const [idle, setIdle] = useState(String(initial.idleTimeoutMinutes));
  const [lifetime, setLifetime] = useState(String(initial.absoluteTimeoutHours));
  const [reconfirm, setReconfirm] = useState(String(initial.reconfirmAfterMinutes));
  const [requireTwoFactor, setRequireTwoFactor] = useState(initial.requireTwoFactor);
  const [terminology, setTerminology] = useState<Terminology>(initial.terminology);
  const [allowPrivateTargets, setAllowPrivateTargets] = useState(initial.allowPrivateTargets);
  const [restrictTechnicians, setRestrictTechnicians] = useState(initial.restrictTechniciansToShared);
  const [limits, setLimits] = useState(() => Object.fromEntries(secretLimitSettingKeys.map((k) => [k, String(initial[k])])) as Record<SecretLimitSetting, string>);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const update = useMutation(
    trpc.workspace.updateSettings.mutationOptions({
      onSuccess: async (_data, input) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.workspace.settings.queryKey({ tenant }) }),
          // Menus and pages take their words from the summary; the workspace switcher lists the names.
          queryClient.invalidateQueries({ queryKey: trpc.workspace.summary.queryKey({ tenant }) }),
          queryClient.invalidateQueries({ queryKey: trpc.account.workspaces.queryKey() }),
        ]);
        // The layout decides whether two-factor blocks the workspace, and shows its name: let it see the new values.
        if (input.requireTwoFactor !== initial.requireTwoFactor || input.name !== initial.name) router.refresh();
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    const nameError = workspaceNameProblem(name);
    if (nameError) errors.name = nameError;
    const idleError = wholeNumberIn(idle, 5, 1440, "Idle timeout", "minutes");
    const lifetimeError = wholeNumberIn(lifetime, 1, 168, "Session lifetime", "hours");
    if (idleError) errors.idleTimeoutMinutes = idleError;
    if (lifetimeError) errors.absoluteTimeoutHours = lifetimeError;
    const reconfirmError = wholeNumberIn(reconfirm, 0, RECONFIRM_MAX_MINUTES, "Confirm again after", "minutes");
    if (reconfirmError) errors.reconfirmAfterMinutes = reconfirmError;
    for (const key of secretLimitSettingKeys) {
      const { label, unit, min, max } = secretLimitSettings[key];
      const error = wholeNumberIn(limits[key], min, max, label, unit);
      if (error) errors[key] = error;
    }
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const limitNumbers = Object.fromEntries(secretLimitSettingKeys.map((k) => [k, Number(limits[k])])) as Record<SecretLimitSetting, number>;
    update.mutate({ tenant, name: name.trim(), idleTimeoutMinutes: Number(idle), absoluteTimeoutHours: Number(lifetime), reconfirmAfterMinutes: Number(reconfirm), requireTwoFactor, terminology, allowPrivateTargets, restrictTechniciansToShared: restrictTechnicians, ...limitNumbers });
  }

  const errors = { ...fieldErrorsOf(update.error), ...clientErrors };
  const selfWithoutTwoFactor = requireTwoFactor && me.data && !me.data.twoFactorEnabled;
  return (
    <form noValidate onSubmit={onSubmit} className="max-w-2xl space-y-6">
      <Card title="Workspace">
        <TextField
          id="settings-name"
          label="Workspace name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          autoComplete="organization"
          hint={`Shown to every member and in emails. The web address (/${initial.slug}) stays the same.`}
          error={errors.name}
        />
      </Card>
      <Card title="Sessions" description="Members are signed out after this long without activity, and after the lifetime in any case.">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="settings-idle"
            label="Idle timeout (minutes)"
            type="number"
            inputMode="numeric"
            min={5}
            max={1440}
            value={idle}
            onChange={(e) => setIdle(e.target.value)}
            error={errors.idleTimeoutMinutes}
            hint="5 to 1440 minutes"
            required
          />
          <TextField
            id="settings-lifetime"
            label="Session lifetime (hours)"
            type="number"
            inputMode="numeric"
            min={1}
            max={168}
            value={lifetime}
            onChange={(e) => setLifetime(e.target.value)}
            error={errors.absoluteTimeoutHours}
            hint="1 to 168 hours"
            required
          />
          <TextField
            id="settings-reconfirm"
            label="Confirm again before secrets after (minutes)"
            type="number"
            inputMode="numeric"
            min={0}
            max={RECONFIRM_MAX_MINUTES}
            value={reconfirm}
            onChange={(e) => setReconfirm(e.target.value)}
            error={errors.reconfirmAfterMinutes}
            hint={`Once this long has passed since signing in or last confirming, showing or copying a password or a TOTP code first asks for the member's password, an authenticator code or a passkey. 0: never; at most ${RECONFIRM_MAX_MINUTES}.`}
            className="sm:col-span-2"
            required
          />
        </div>
      </Card>
      <Card title="Two-factor authentication">
        <div className="flex items-start gap-3">
          <input
            id="settings-require-2fa"
            type="checkbox"
            checked={requireTwoFactor}
            onChange={(e) => setRequireTwoFactor(e.target.checked)}
            aria-describedby={`settings-require-2fa-hint${errors.requireTwoFactor ? " settings-require-2fa-error" : ""}`}
            className="mt-0.5 size-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          />
          <div>
            <label htmlFor="settings-require-2fa" className="text-sm font-medium text-slate-800">
              Require two-factor authentication
            </label>
            <p id="settings-require-2fa-hint" className="text-sm text-slate-600">
              Members without an authenticator app or a passkey set up cannot open this workspace until they add one.
            </p>
            <FieldError id="settings-require-2fa-error" message={errors.requireTwoFactor} />
          </div>
        </div>
        {selfWithoutTwoFactor ? (
          <Alert tone="warning" className="mt-4">
            You have not set up two-factor authentication yourself: with this on, you will need to set it up before you can
            use this workspace again.
          </Alert>
        ) : null}
      </Card>
      <Card title="Terminology" description="What the app calls the organisations you serve and their people, in every page and menu.">
        <fieldset>
          <legend className="sr-only">Terminology</legend>
          <div className="space-y-3">
            {terminologyChoices.map((choice) => (
              <div key={choice.value} className="flex items-start gap-3">
                <input
                  id={`settings-terminology-${choice.value}`}
                  type="radio"
                  name="terminology"
                  value={choice.value}
                  checked={terminology === choice.value}
                  onChange={() => setTerminology(choice.value)}
                  className="mt-0.5 size-4 border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
                />
                <div>
                  <label htmlFor={`settings-terminology-${choice.value}`} className="text-sm font-medium text-slate-800">
                    {choice.label}
                  </label>
                  <p className="text-sm text-slate-600">{choice.hint}</p>
                </div>
              </div>
            ))}
          </div>
          <FieldError id="settings-terminology-error" message={errors.terminology} />
        </fieldset>
      </Card>
      <Card title="Password access">
        <div className="flex items-start gap-3">
          <input
            id="settings-restrict-technicians"
            type="checkbox"
            checked={restrictTechnicians}
            onChange={(e) => setRestrictTechnicians(e.target.checked)}
            aria-describedby={`settings-restrict-technicians-hint${errors.restrictTechniciansToShared ? " settings-restrict-technicians-error" : ""}`}
            className="mt-0.5 size-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          />
          <div>
            <label htmlFor="settings-restrict-technicians" className="text-sm font-medium text-slate-800">
              Restrict technicians to shared passwords
            </label>
            <p id="settings-restrict-technicians-hint" className="text-sm text-slate-600">
              Technicians see and use only the passwords shared with them or their groups; admins still see everything.
            </p>
            <FieldError id="settings-restrict-technicians-error" message={errors.restrictTechniciansToShared} />
          </div>
        </div>
      </Card>
      <Card
        title="Secret access limits"
        description="How fast passwords may leave the vault. Past a limit the server refuses until the minute has moved on; the defaults are far above what anyone does by hand, so they stop scripts, not people."
      >
        <div className="grid gap-4 sm:grid-cols-2">
          {secretLimitSettingKeys.map((key) => (
            <TextField
              key={key}
              id={`settings-${key}`}
              label={secretLimitSettings[key].label}
              type="number"
              inputMode="numeric"
              min={secretLimitSettings[key].min}
              max={secretLimitSettings[key].max}
              value={limits[key]}
              onChange={(e) => setLimits((current) => ({ ...current, [key]: e.target.value }))}
              error={errors[key]}
              hint={`${secretLimitHints[key]} ${secretLimitSettings[key].min} to ${secretLimitSettings[key].max}.`}
              required
            />
          ))}
        </div>
      </Card>
      <Card title="Password rotation">
        <div className="flex items-start gap-3">
          <input
            id="settings-allow-private-targets"
            type="checkbox"
            checked={allowPrivateTargets}
            onChange={(e) => setAllowPrivateTargets(e.target.checked)}
            aria-describedby={`settings-allow-private-targets-hint${errors.allowPrivateTargets ? " settings-allow-private-targets-error" : ""}`}
            className="mt-0.5 size-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          />
          <div>
            <label htmlFor="settings-allow-private-targets" className="text-sm font-medium text-slate-800">
              Allow rotation targets on private networks
            </label>
            <p id="settings-allow-private-targets-hint" className="text-sm text-slate-600">
              Lets rotation reach private, loopback, CGNAT and unique-local addresses (on-premise servers); link-local, cloud metadata and reserved addresses are always refused.
            </p>
            <FieldError id="settings-allow-private-targets-error" message={errors.allowPrivateTargets} />
          </div>
        </div>
      </Card>
      <FormError message={formMessageOf(update.error)} />
      {update.isSuccess ? <Alert tone="success">Settings saved.</Alert> : null}
      <Button type="submit" pending={update.isPending}>
        Save settings
      </Button>
    </form>
  );
}
