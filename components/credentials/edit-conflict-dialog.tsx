"use client";

import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import type { EditConflictDetail } from "@/components/forms/trpc-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { kindForms } from "./kinds";
import { TheirSecretValue } from "./their-secret-value";
import type { CredentialChanges, CredentialKind } from "./types";

const fieldLabels: Record<string, string> = {
  name: "Description",
  username: "Username",
  password: "Password",
  domain: "Domain",
  loginUrl: "Login URL",
  notes: "Notes",
  totp: "TOTP",
  tags: "Tags",
  expiresAt: "Expiry date",
  kind: "Kind",
  target: "Filed under",
  customFields: "Custom fields",
  policyId: "Password policy",
  externalId: "External id",
};
const secretFields = new Set(["password", "notes", "totp"]);

/** A stored or typed value as the dialog shows it; "" reads as empty. */
function shown(field: string, value: string): string {
  if (value === "") return "(empty)";
  if (field === "expiresAt") return formatDateTime(value);
  if (field === "kind") return kindForms[value as CredentialKind]?.label ?? value;
  return value;
}

/** My side of a clash, from the change I sent (no names for a target or policy: the picker had them). */
function mine(field: string, changes: CredentialChanges): string {
  const value = (changes as Record<string, unknown>)[field];
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : (v as { label: string }).label)).join(", ");
  return "(your choice)";
}

/**
 * Someone else changed the same field while I edited it: each clashing field with their value (secrets masked, with
 * an audited reveal) and mine, and the choice to keep theirs or save mine over it.
 */
export function EditConflictDialog({
  tenant,
  credentialId,
  name,
  conflict,
  changes,
  onKeepTheirs,
  onKeepMine,
}: {
  tenant: string;
  credentialId: string;
  name: string;
  conflict: EditConflictDetail;
  changes: CredentialChanges;
  onKeepTheirs: () => Promise<void>;
  onKeepMine: () => Promise<void>;
}) {
  const [busy, setBusy] = useState<"theirs" | "mine" | null>(null);
  const [showMine, setShowMine] = useState(false);
  const run = (choice: "theirs" | "mine") => {
    setBusy(choice);
    void (choice === "theirs" ? onKeepTheirs() : onKeepMine()).finally(() => setBusy(null));
  };

  return (
    <Dialog open title={`Someone else changed ${name}`} description="While you were editing, the same field was changed. Choose which value to keep." onClose={() => void onKeepTheirs()} size="lg">
      <div className="space-y-4">
        {conflict.clashes.map((clash) => {
          const label = fieldLabels[clash.field] ?? clash.field;
          const secret = secretFields.has(clash.field);
          return (
            <section key={clash.field} aria-label={label} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
              <h3 className="font-semibold text-slate-900">{label}</h3>
              <dl className="mt-2 grid gap-2 sm:grid-cols-2">
                <div>
                  <dt className="text-xs text-slate-600">
                    Theirs — changed by {clash.by} at {formatDateTime(clash.at, true)}
                  </dt>
                  <dd className="mt-0.5 text-slate-900">
                    {clash.theirs.secret ? (
                      <TheirSecretValue tenant={tenant} credentialId={credentialId} field={clash.theirs.revealField} label={label.toLowerCase()} />
                    ) : (
                      <span data-testid="their-value" className="break-all">
                        {shown(clash.field, clash.theirs.text)}
                      </span>
                    )}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-600">Yours</dt>
                  <dd className="mt-0.5 break-all text-slate-900" data-testid="my-value">
                    {secret && !showMine ? <span className="font-mono tracking-widest text-slate-500">•••••••</span> : shown(clash.field, mine(clash.field, changes))}
                    {secret ? (
                      <button type="button" onClick={() => setShowMine((v) => !v)} className="ml-2 text-xs text-blue-700 underline">
                        {showMine ? "Hide mine" : "Show mine"}
                      </button>
                    ) : null}
                  </dd>
                </div>
              </dl>
            </section>
          );
        })}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" pending={busy === "theirs"} disabled={busy !== null} onClick={() => run("theirs")} data-autofocus>
            Keep theirs
          </Button>
          <Button variant="primary" pending={busy === "mine"} disabled={busy !== null} onClick={() => run("mine")}>
            Save mine
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
