"use client";

import { useState, type FormEvent } from "react";
import { PasswordStrengthMeter } from "@/components/auth/password-strength-meter";
import { FormError } from "@/components/forms/form-error";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmationFields, useConfirmation, type ConfirmingAccount } from "@/components/reconfirm/confirmation-fields";
import { TextField } from "@/components/ui/text-field";
import { assessExportPassphrase, DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS, exportFormats, type ExportFormat, type ExportSummary } from "@/lib/export";
import { downloadExport } from "./download-export";
import { ExportScopeFields, type ScopeChoice } from "./export-scope-fields";
import { ExportSummaryPanel } from "./export-summary";
import { RadioChoices } from "./radio-choices";

/** The scope the form sends, from what it holds; or the errors a member must fix first. */
function requestOf(scope: ScopeChoice, format: ExportFormat, passphrase: string, repeat: string): { errors: Record<string, string> } | { scope: unknown } {
  const errors: Record<string, string> = {};
  if (scope.type === "customer" && !scope.customerId) errors["scope.customerId"] = "Choose the customer to export.";
  if (scope.type === "selection" && scope.picked.length === 0) errors["scope.credentialIds"] = "Add at least one password to export.";
  if (EXPORT_FORMATS[format].passphrase) {
    const assessment = assessExportPassphrase(passphrase);
    if (!assessment.acceptable) errors.passphrase = `Choose a stronger passphrase: ${assessment.problem}`;
    else if (passphrase !== repeat) errors.passphraseRepeat = "The two passphrases differ.";
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { scope: scope.type === "selection" ? { type: "selection", credentialIds: scope.picked.map((c) => c.id) } : scope };
}

/**
 * Settings → Export: what to export, in which format, the file's passphrase where the format has one (with its
 * strength), and the member's own password, authenticator code or passkey to confirm it is them; then the download
 * and what was left out. Secrets typed here live only in this form's state and are cleared after each export.
 */
export function ExportForm({ initialCustomerId, account }: { initialCustomerId?: string; account: ConfirmingAccount & { email: string } }) {
  const { tenant, tenantName } = useWorkspace();
  const [scope, setScope] = useState<ScopeChoice>(initialCustomerId ? { type: "customer", customerId: initialCustomerId } : { type: "all" });
  const [format, setFormat] = useState<ExportFormat>(DEFAULT_EXPORT_FORMAT);
  const [passphrase, setPassphrase] = useState("");
  const [repeat, setRepeat] = useState("");
  const confirmation = useConfirmation(account);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [summary, setSummary] = useState<ExportSummary | null>(null);
  const needsPassphrase = EXPORT_FORMATS[format].passphrase;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    setSummary(null);
    const checked = requestOf(scope, format, passphrase, repeat);
    if ("errors" in checked) return setErrors(checked.errors);
    setErrors({});
    const confirmed = await confirmation.take();
    if (!confirmed) return;
    setPending(true);
    const result = await downloadExport({ tenant, scope: checked.scope, format, ...(needsPassphrase ? { passphrase } : {}), confirmation: confirmed });
    setPending(false);
    if ("failure" in result) {
      const { field, message } = result.failure;
      if (field) setErrors({ [field]: message });
      else setFormError(message);
      return;
    }
    setPassphrase("");
    setRepeat("");
    setSummary(result.summary);
  }

  return (
    <div className="max-w-3xl space-y-6">
      <form onSubmit={onSubmit} noValidate className="space-y-6" aria-describedby="export-intro">
        <Card title="What and how">
          <p id="export-intro" className="mb-4 text-sm text-slate-600">
            An export puts passwords in a file outside Vaultline. It is recorded in the audit log, and the workspace owners are told.
          </p>
          <div className="space-y-6">
            <ExportScopeFields tenant={tenant} scope={scope} onChange={setScope} errors={errors} />
            <RadioChoices<ExportFormat>
              name="export-format"
              legend="Format"
              value={format}
              onChange={setFormat}
              choices={exportFormats.map((f) => ({ value: f, label: EXPORT_FORMATS[f].label, hint: EXPORT_FORMATS[f].description }))}
            />
            {needsPassphrase ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  id="export-passphrase"
                  label="Passphrase for the file"
                  type="password"
                  autoComplete="new-password"
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.target.value)}
                  error={errors.passphrase}
                  hint={<PasswordStrengthMeter password={passphrase} related={[tenantName, account.email]} />}
                />
                <TextField
                  id="export-passphrase-repeat"
                  label="Repeat the passphrase"
                  type="password"
                  autoComplete="new-password"
                  value={repeat}
                  onChange={(e) => setRepeat(e.target.value)}
                  error={errors.passphraseRepeat}
                  hint="Vaultline does not keep it: without it, the file cannot be opened."
                />
              </div>
            ) : null}
          </div>
        </Card>
        <Card title="Confirm it is you">
          <ConfirmationFields idPrefix="export-confirm" confirmation={confirmation} errors={errors} />
        </Card>
        <FormError message={confirmation.problem ?? formError} />
        <Button type="submit" pending={pending || confirmation.pending}>
          {pending ? "Exporting…" : "Export and download"}
        </Button>
      </form>
      {summary ? <ExportSummaryPanel summary={summary} /> : null}
    </div>
  );
}
