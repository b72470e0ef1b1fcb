"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { LoadingBlock } from "@/components/ui/loading-block";
import { AccessPolicyForm } from "@/components/access/access-policy-form";
import { CheckoutPanel } from "@/components/access/checkout-panel";
import { RotationPanel } from "@/components/rotation/rotation-panel";
import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { AccessPanel } from "@/components/sharing/access-panel";
import { kindOptions } from "./kinds";
import { SecretField } from "./secret-field";
import { TargetPicker, type TargetChoice } from "./target-picker";
import type { CredentialKind, CredentialRow } from "./types";
import type { useCredentialUpdate } from "./use-credential-update";

type Update = ReturnType<typeof useCredentialUpdate>;
type FieldDraft = { key: string; id?: string; label: string; type: "text" | "secret"; value: string };

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

const toDateInput = (d: Date | null) => (d ? new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10) : "");

/**
 * The rest of a credential, under its row: kind, expiry, where it is filed, notes, TOTP and custom fields — each
 * editable in place through the same versioned update as the row (so conflicts are caught here too).
 */
export function CredentialDetails({ tenant, credential, update, problemFor }: { tenant: string; credential: CredentialRow; update: Update; problemFor: (field: string) => ReactNode }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { role } = useWorkspace();
  const detail = useQuery(trpc.credentials.get.queryOptions({ tenant, id: credential.id }));
  const [editing, setEditing] = useState<"notes" | "totp" | "fields" | "target" | null>(null);
  const [notes, setNotes] = useState("");
  const [notesError, setNotesError] = useState<string | null>(null);
  const [totp, setTotp] = useState("");
  const [fields, setFields] = useState<FieldDraft[]>([]);
  const [target, setTarget] = useState<TargetChoice>({ customerId: credential.customerId, target: null });
  const c = credential;

  async function save(field: string, changes: Parameters<Update["save"]>[1]) {
    if ((await update.save(field, changes)) === "saved") {
      setEditing(null);
      setNotes("");
      setTotp("");
      void detail.refetch();
    }
  }

  if (detail.isPending) return <LoadingBlock label="Loading details…" />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  const d = detail.data;
  // The server's verdict for this one credential (role, shares, "restrict technicians to shared passwords").
  const canEdit = d.permission.can.edit;
  const canUseSecrets = d.permission.can.copy;
  const copyOnly = d.copyOnly;
  const owner = c.contactId ? { type: "contact" as const, id: c.contactId } : c.deviceId ? { type: "device" as const, id: c.deviceId } : { type: "customer" as const, id: c.customerId };

  return (
    <dl className="grid gap-5 py-2 md:grid-cols-3">
      <Item label="Kind">
        {canEdit ? (
          <select
            aria-label={`Kind of ${c.name}`}
            value={c.kind}
            disabled={update.saving}
            onChange={(e) => void save("kind", { kind: e.target.value as CredentialKind })}
            className={`${controlClasses} max-w-56`}
          >
            {kindOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          kindOptions.find((o) => o.value === c.kind)?.label
        )}
        {problemFor("kind")}
      </Item>
      <Item label="Expires">
        {canEdit ? (
          <input
            type="date"
            key={`${c.version}-${toDateInput(c.expiresAt)}`}
            aria-label={`Expiry date of ${c.name}`}
            defaultValue={toDateInput(c.expiresAt)}
            disabled={update.saving}
            onBlur={(e) => {
              const next = e.target.value;
              if (next === toDateInput(c.expiresAt)) return;
              void save("expiresAt", { expiresAt: next ? new Date(`${next}T00:00:00`) : null });
            }}
            className={`${controlClasses} max-w-56`}
          />
        ) : c.expiresAt ? (
          formatDateTime(c.expiresAt)
        ) : (
          "Never"
        )}
        {problemFor("expiresAt")}
      </Item>
      <Item label="External id">
        {canEdit ? (
          <input
            key={`${c.version}-${d.externalId ?? ""}`}
            aria-label={`External id of ${c.name}`}
            placeholder="e.g. erp/prod/db (for scripts)"
            defaultValue={d.externalId ?? ""}
            disabled={update.saving}
            onBlur={(e) => {
              const next = e.target.value.trim();
              if (next === (d.externalId ?? "")) return;
              void save("externalId", { externalId: next || null });
            }}
            className={`${controlClasses} max-w-56`}
          />
        ) : (
          (d.externalId ?? <span className="text-slate-400">None</span>)
        )}
        {problemFor("externalId")}
      </Item>
      <Item label="Last change">
        {formatDateTime(c.updatedAt)}
        {c.updatedByName ? ` by ${c.updatedByName}` : ""} · version {c.version}
      </Item>

      <Item label="Filed under">
        {editing === "target" ? (
          <div className="space-y-2">
            <TargetPicker tenant={tenant} value={target} onChange={setTarget} />
            <div className="flex gap-2">
              <Button size="sm" disabled={!target.target} pending={update.saving} onClick={() => target.target && void save("target", { target: target.target })}>
                Move
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <span className="flex items-center gap-2">
            {c.customerName}
            {c.contactName || c.deviceName ? ` › ${c.contactName ?? c.deviceName}` : ""}
            {canEdit ? (
              <Button
                size="sm"
                variant="ghost"
                className="px-1.5 py-0.5 text-xs"
                onClick={() => {
                  setTarget({ customerId: c.customerId, target: owner });
                  setEditing("target");
                }}
              >
                Move
              </Button>
            ) : null}
          </span>
        )}
        {problemFor("target")}
      </Item>

      <Item label="Notes">
        {editing === "notes" ? (
          <div className="space-y-2">
            <textarea aria-label={`Notes of ${c.name}`} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} className={controlClasses} />
            <div className="flex gap-2">
              <Button size="sm" pending={update.saving} onClick={() => void save("notes", { notes })}>
                Save notes
              </Button>
              <Button size="sm" variant="ghost" onClick={() => (setEditing(null), setNotes(""))}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex items-start gap-2">
            {c.hasNotes && canUseSecrets ? <SecretField tenant={tenant} credentialId={c.id} field="notes" label={`notes of ${c.name}`} multiline copyOnly={copyOnly} /> : c.hasNotes ? "•••••••" : <span className="text-slate-400">None</span>}
            {/* Editing starts from the revealed text, which a copy-only credential never shows. */}
            {canEdit && d.permission.can.reveal && !copyOnly ? (
              <Button
                size="sm"
                variant="ghost"
                className="px-1.5 py-0.5 text-xs"
                onClick={async () => {
                  // Editing starts from the stored text: fetch it (audited as a reveal) only when asked to edit.
                  try {
                    setNotes(c.hasNotes ? (await client.credentials.reveal.mutate({ tenant, id: c.id, field: "notes" })).value : "");
                    setEditing("notes");
                  } catch (e) {
                    setNotesError(formMessageOf(e as ErrorLike));
                  }
                }}
              >
                Edit
              </Button>
            ) : null}
          </div>
        )}
        {notesError ? <p role="alert" className="mt-1 text-xs text-red-700">{notesError}</p> : null}
        {problemFor("notes")}
      </Item>

      <Item label="TOTP">
        {editing === "totp" ? (
          <div className="flex flex-wrap gap-2">
            <input
              aria-label={`TOTP secret of ${c.name}`}
              placeholder="Base32 secret or otpauth:// URI"
              autoComplete="off"
              spellCheck={false}
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              className={`${controlClasses} max-w-72`}
            />
            <Button size="sm" pending={update.saving} disabled={!totp.trim()} onClick={() => void save("totp", { totp })}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={() => (setEditing(null), setTotp(""))}>
              Cancel
            </Button>
          </div>
        ) : (
          <span className="flex items-center gap-2">
            {c.hasTotp ? "Set" : <span className="text-slate-400">None</span>}
            {canEdit ? (
              <>
                <Button size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs" onClick={() => setEditing("totp")}>
                  {c.hasTotp ? "Replace" : "Add"}
                </Button>
                {c.hasTotp ? (
                  <Button size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs text-red-700" onClick={() => void save("totp", { totp: "" })}>
                    Remove
                  </Button>
                ) : null}
              </>
            ) : null}
          </span>
        )}
        {problemFor("totp")}
      </Item>

      <div className="md:col-span-3">
        <dt className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Custom fields</dt>
        <dd className="mt-1 text-sm text-slate-900">
          {editing === "fields" ? (
            <div className="space-y-2">
              {fields.map((f, i) => (
                <div key={f.key} className="grid max-w-3xl grid-cols-[1fr_7rem_1.5fr_auto] gap-2">
                  <input aria-label={`Custom field ${i + 1} label`} value={f.label} onChange={(e) => setFields((l) => l.map((x) => (x.key === f.key ? { ...x, label: e.target.value } : x)))} className={controlClasses} />
                  <select aria-label={`Custom field ${i + 1} type`} value={f.type} onChange={(e) => setFields((l) => l.map((x) => (x.key === f.key ? { ...x, type: e.target.value as "text" | "secret" } : x)))} className={controlClasses}>
                    <option value="text">Text</option>
                    <option value="secret">Secret</option>
                  </select>
                  <input
                    aria-label={`Custom field ${i + 1} value`}
                    type={f.type === "secret" ? "password" : "text"}
                    autoComplete="off"
                    placeholder={f.type === "secret" && f.id ? "Unchanged" : "Value"}
                    value={f.value}
                    onChange={(e) => setFields((l) => l.map((x) => (x.key === f.key ? { ...x, value: e.target.value } : x)))}
                    className={controlClasses}
                  />
                  <Button size="sm" variant="ghost" onClick={() => setFields((l) => l.filter((x) => x.key !== f.key))}>
                    Remove
                  </Button>
                </div>
              ))}
              <div className="flex gap-2">
                <Button size="sm" variant="secondary" onClick={() => setFields((l) => [...l, { key: crypto.randomUUID(), label: "", type: "text", value: "" }])}>
                  Add field
                </Button>
                <Button
                  size="sm"
                  pending={update.saving}
                  // A secret left empty keeps its stored value (the server matches it by id).
                  onClick={() => void save("customFields", { customFields: fields.map(({ id, label, type, value }) => ({ ...(id ? { id } : {}), label, type, value })) })}
                >
                  Save fields
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
              </div>
            </div>
          ) : (
            <div className="space-y-1">
              {d.customFields.length === 0 ? <span className="text-slate-400">None</span> : null}
              {d.customFields.map((f) => (
                <div key={f.id} className="flex items-start gap-3">
                  <span className="w-40 shrink-0 text-slate-600">{f.label}</span>
                  {f.type === "secret" ? (
                    canUseSecrets ? <SecretField tenant={tenant} credentialId={c.id} field={`custom:${f.id}`} label={f.label} copyOnly={copyOnly} /> : "•••••••"
                  ) : (
                    <span className="break-all">{"value" in f ? f.value : ""}</span>
                  )}
                </div>
              ))}
              {canEdit ? (
                <Button
                  size="sm"
                  variant="ghost"
                  className="px-1.5 py-0.5 text-xs"
                  onClick={() => {
                    setFields(d.customFields.map((f) => ({ key: f.id, id: f.id, label: f.label, type: f.type, value: f.type === "text" && "value" in f ? String(f.value) : "" })));
                    setEditing("fields");
                  }}
                >
                  Edit fields
                </Button>
              ) : null}
            </div>
          )}
          {problemFor("customFields")}
        </dd>
      </div>

      <div className="border-t border-slate-200 pt-4 md:col-span-3">
        <dt className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Access</dt>
        <dd>
          <AccessPanel tenant={tenant} credentialId={c.id} credentialName={c.name} />
        </dd>
      </div>

      <div className="border-t border-slate-200 pt-4 md:col-span-3">
        <dt className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Approval</dt>
        <dd className="space-y-3">
          <CheckoutPanel tenant={tenant} credentialId={c.id} credentialName={c.name} />
          {roleAtLeast(role, "admin") ? <AccessPolicyForm tenant={tenant} subject={{ credentialId: c.id }} subjectName={c.name} /> : null}
        </dd>
      </div>

      <div className="border-t border-slate-200 pt-4 md:col-span-3">
        <dt className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Rotation</dt>
        <dd>
          <RotationPanel
            tenant={tenant}
            credentialId={c.id}
            credentialName={c.name}
            customerId={c.customerId}
            can={d.permission.can}
          />
        </dd>
      </div>
    </dl>
  );
}
