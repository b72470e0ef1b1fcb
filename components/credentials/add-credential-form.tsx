"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { PasswordStrengthMeter } from "@/components/auth/password-strength-meter";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type ErrorLike, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { roleAllows } from "@/lib/permissions";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast";
import { errorFor } from "./field-errors";
import { DiceIcon } from "./icons";
import { kindForms, kindOptions } from "./kinds";
import { parseTags } from "./credential-row";
import { TargetPicker, type TargetChoice } from "./target-picker";
import type { CredentialKind } from "./types";
import { GeneratorOptions } from "./generator-options";
import { useGeneratePassword } from "./use-generate-password";

type CustomFieldDraft = { key: number; label: string; type: "text" | "secret"; value: string };

const strengthKinds: CredentialKind[] = ["password", "wifi", "database", "api_key"];

function TextArea({ id, label, value, onChange, error, rows = 3, mono = false }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string; rows?: number; mono?: boolean }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${controlClasses} ${mono ? "font-mono text-xs" : ""}`}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/**
 * The "Add password" form. Sent through the plain tRPC client, not a mutation hook, so the typed secrets never sit
 * in the query library's mutation cache; the form's state goes with the dialog.
 */
export function AddCredentialForm({ tenant, initial, onDone }: { tenant: string; initial: TargetChoice; onDone: () => void }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const generator = useGeneratePassword(tenant);
  const uid = useId();
  const [target, setTarget] = useState<TargetChoice>(initial);
  const [kind, setKind] = useState<CredentialKind>("password");
  const [name, setName] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const [domain, setDomain] = useState("");
  const [loginUrl, setLoginUrl] = useState("");
  const [notes, setNotes] = useState("");
  const [totp, setTotp] = useState("");
  const [tags, setTags] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [customFields, setCustomFields] = useState<CustomFieldDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ErrorLike>(null);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [policyId, setPolicyId] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const policies = useQuery(trpc.policies.list.queryOptions({ tenant }));
  // Before the password exists, the role floor of the rule table decides (the server checks the same).
  const mayOverride = roleAllows(useWorkspace().role, "overridePolicy");

  const form = kindForms[kind];
  const errors = { ...fieldErrorsOf(error), ...clientErrors };
  const err = (field: string) => errorFor(errors, field);

  function addField(label = "", type: "text" | "secret" = "text") {
    setCustomFields((list) => [...list, { key: nextKey, label, type, value: "" }]);
    setNextKey((k) => k + 1);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!target.target) missing.target = "Choose where this password is filed.";
    if (!name.trim()) missing.name = "Description is required.";
    if (!password) missing.password = `${form.secretLabel} is required.`;
    setClientErrors(missing);
    if (!target.target || Object.keys(missing).length) return;
    setPending(true);
    setError(null);
    try {
      await client.credentials.create.mutate({
        tenant,
        target: target.target,
        kind,
        name,
        username,
        password,
        domain,
        loginUrl,
        notes,
        totp,
        tags: parseTags(tags),
        expiresAt: expiresAt ? new Date(`${expiresAt}T00:00:00`) : null,
        customFields: customFields.map(({ label, type, value }) => ({ label, type, value })),
        policyId: policyId || null,
        ...(overrideReason.trim() ? { overrideReason } : {}),
      });
      await queryClient.invalidateQueries(trpc.credentials.list.pathFilter());
      toast(`“${name.trim()}” added`);
      onDone();
    } catch (e) {
      setError(e as ErrorLike);
    } finally {
      setPending(false);
    }
  }

  const suggestions = form.suggestedFields.filter((s) => !customFields.some((f) => f.label.toLowerCase() === s.label.toLowerCase()));

  return (
    <form noValidate onSubmit={onSubmit} className="max-h-[70vh] space-y-4 overflow-y-auto pr-1">
      <TargetPicker tenant={tenant} value={target} onChange={setTarget} error={err("target")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id={`${uid}-kind`} label="Kind" value={kind} options={kindOptions} onChange={(e) => setKind(e.target.value as CredentialKind)} error={err("kind")} />
        <TextField id={`${uid}-name`} label="Description" value={name} onChange={(e) => setName(e.target.value)} error={err("name")} required data-autofocus />
        <TextField id={`${uid}-username`} label={form.usernameLabel} value={username} autoComplete="off" onChange={(e) => setUsername(e.target.value)} error={err("username")} />
        {form.multiline ? null : (
          <div>
            <TextField
              id={`${uid}-password`}
              label={form.secretLabel}
              type={showPassword ? "text" : "password"}
              autoComplete="new-password"
              spellCheck={false}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={err("password")}
              labelAside={
                <span className="flex gap-2 text-xs">
                  <button type="button" className="text-blue-700 hover:underline" onClick={() => setShowPassword((v) => !v)}>
                    {showPassword ? "Hide" : "Show"}
                  </button>
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 text-blue-700 hover:underline disabled:opacity-50"
                    disabled={generator.pending}
                    onClick={async () => {
                      const generated = await generator.generate(policyId || null);
                      if (generated) {
                        setPassword(generated);
                        setShowPassword(true);
                      }
                    }}
                  >
                    <DiceIcon /> Generate
                  </button>
                </span>
              }
              hint={strengthKinds.includes(kind) ? <PasswordStrengthMeter password={password} related={[name, username].filter(Boolean)} /> : undefined}
            />
            {generator.error ? <p className="mt-1 text-sm text-red-700">{generator.error}</p> : null}
            <GeneratorOptions
              onGenerated={(generated) => {
                setPassword(generated);
                setShowPassword(true);
              }}
            />
          </div>
        )}
      </div>
      {/* A password that breaks its policy is refused at the field; an admin may save it anyway, saying why. */}
      {mayOverride && err("password") && !clientErrors.password ? (
        <TextField
          id={`${uid}-override`}
          label="Override reason (admins)"
          hint="Saves the password despite the policy. The reason is audited."
          value={overrideReason}
          onChange={(e) => setOverrideReason(e.target.value)}
          error={err("overrideReason")}
        />
      ) : null}
      {form.multiline ? <TextArea id={`${uid}-password`} label={form.secretLabel} value={password} onChange={setPassword} error={err("password")} rows={5} mono /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id={`${uid}-domain`} label="Domain" value={domain} onChange={(e) => setDomain(e.target.value)} error={err("domain")} />
        <TextField id={`${uid}-url`} label="Login URL" type="url" placeholder="https://" value={loginUrl} onChange={(e) => setLoginUrl(e.target.value)} error={err("loginUrl")} />
        <TextField
          id={`${uid}-totp`}
          label="TOTP secret or otpauth:// URI"
          autoComplete="off"
          spellCheck={false}
          value={totp}
          onChange={(e) => setTotp(e.target.value)}
          error={err("totp")}
        />
        <TextField
          id={`${uid}-expires`}
          label="Expires on"
          type="date"
          hint="Leave empty to follow the policy's maximum age."
          value={expiresAt}
          onChange={(e) => setExpiresAt(e.target.value)}
          error={err("expiresAt")}
        />
        <SelectField
          id={`${uid}-policy`}
          label="Password policy"
          value={policyId}
          onChange={(e) => setPolicyId(e.target.value)}
          error={err("policyId")}
          options={[{ value: "", label: `The ${words.customer.toLowerCase()}'s or workspace default` }, ...(policies.data ?? []).map((p) => ({ value: p.id, label: p.name }))]}
        />
      </div>
      <TextField id={`${uid}-tags`} label="Tags" hint="Comma separated, e.g. admin, m365" value={tags} onChange={(e) => setTags(e.target.value)} error={err("tags")} />
      <TextArea id={`${uid}-notes`} label="Notes" value={notes} onChange={setNotes} error={err("notes")} />

      <fieldset className="rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-800">Custom fields</legend>
        {customFields.length === 0 ? <p className="text-sm text-slate-500">None yet.</p> : null}
        <ul className="space-y-2">
          {customFields.map((f, i) => (
            <li key={f.key} className="grid grid-cols-[1fr_7rem_1.5fr_auto] items-start gap-2">
              <input
                aria-label={`Custom field ${i + 1} label`}
                placeholder="Label"
                value={f.label}
                onChange={(e) => setCustomFields((list) => list.map((x) => (x.key === f.key ? { ...x, label: e.target.value } : x)))}
                className={controlClasses}
              />
              <select
                aria-label={`Custom field ${i + 1} type`}
                value={f.type}
                onChange={(e) => setCustomFields((list) => list.map((x) => (x.key === f.key ? { ...x, type: e.target.value as "text" | "secret" } : x)))}
                className={controlClasses}
              >
                <option value="text">Text</option>
                <option value="secret">Secret</option>
              </select>
              <input
                aria-label={`Custom field ${i + 1} value`}
                placeholder="Value"
                type={f.type === "secret" ? "password" : "text"}
                autoComplete="off"
                value={f.value}
                onChange={(e) => setCustomFields((list) => list.map((x) => (x.key === f.key ? { ...x, value: e.target.value } : x)))}
                className={controlClasses}
              />
              <Button variant="ghost" size="sm" aria-label={`Remove custom field ${i + 1}`} onClick={() => setCustomFields((list) => list.filter((x) => x.key !== f.key))}>
                Remove
              </Button>
              {err(`customFields.${i}`) ? <p className="col-span-4 text-sm text-red-700">{err(`customFields.${i}`)}</p> : null}
            </li>
          ))}
        </ul>
        <div className="mt-2 flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => addField()}>
            Add field
          </Button>
          {suggestions.map((s) => (
            <Button key={s.label} variant="ghost" size="sm" onClick={() => addField(s.label, s.type)}>
              + {s.label}
            </Button>
          ))}
        </div>
        {err("customFields") && !customFields.some((_, i) => err(`customFields.${i}`)) ? <p className="mt-1 text-sm text-red-700">{err("customFields")}</p> : null}
      </fieldset>

      <FormError message={Object.keys(clientErrors).length ? "Check the fields marked above." : formMessageOf(error)} />
      <div className="flex justify-end gap-2 border-t border-slate-200 pt-4">
        <Button variant="secondary" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" pending={pending}>
          Add password
        </Button>
      </div>
    </form>
  );
}
