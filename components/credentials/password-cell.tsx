"use client";

import { useId, useState, type ReactNode } from "react";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPCClient } from "@/components/providers/trpc";
import { COPY_ONLY_EXPLANATION } from "@/components/sharing/copy-only";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { copySecret } from "./clipboard";
import { CopyIcon, DiceIcon, EyeIcon } from "./icons";
import { IconButton } from "./icon-button";
import { SecretText } from "./secret-text";
import type { SaveOutcome } from "./use-credential-update";
import { useGeneratePassword } from "./use-generate-password";
import { useInlineEdit } from "./use-inline-edit";
import { useRevealedValue } from "./use-revealed-value";

type PasswordCellProps = {
  tenant: string;
  credentialId: string;
  name: string;
  canReveal: boolean;
  canEdit: boolean;
  /** Copy-only: Copy stays, Reveal is withheld (the server refuses it too). */
  copyOnly?: boolean;
  saving: boolean;
  /** Saves a new password; with a reason, over its policy (admins). */
  onChange: (password: string, overrideReason?: string) => Promise<SaveOutcome>;
  /** Why the last new password was refused (its policy): shown at the open editor, which keeps the draft. */
  error?: string;
  /** Drops the refusal when the edit is abandoned. */
  onCancel?: () => void;
  /** Admins may save a password that breaks its policy, giving a reason. */
  canOverridePolicy?: boolean;
  /** A conflict with someone else's edit, shown under the cell. */
  problem?: ReactNode;
};

/** The masked password with Reveal (30 s), Copy (cleared after 30 s) and an inline Change with the generator. */
export function PasswordCell({ tenant, credentialId, name, canReveal, canEdit, copyOnly = false, saving, onChange, error: refusal, onCancel, canOverridePolicy = false, problem }: PasswordCellProps) {
  const client = useTRPCClient();
  const toast = useToast();
  const revealed = useRevealedValue();
  const [busy, setBusy] = useState<"reveal" | "copy" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const edit = useInlineEdit({ problem, onCancel });
  const { editing: changing, draft, setDraft, saving: editSaving, buttonRef, inputRef } = edit;
  const [reason, setReason] = useState("");
  const generator = useGeneratePassword(tenant);
  const refusalId = useId();

  async function reveal() {
    if (revealed.value !== null) return revealed.hide();
    setBusy("reveal");
    setError(null);
    try {
      const { value } = await client.credentials.reveal.mutate({ tenant, id: credentialId, field: "password" });
      revealed.show(value);
    } catch (e) {
      setError(formMessageOf(e as ErrorLike));
    } finally {
      setBusy(null);
    }
  }

  async function copy() {
    setBusy("copy");
    setError(null);
    try {
      const { value } = await client.credentials.reveal.mutate({ tenant, id: credentialId, field: "password", purpose: "copy" });
      toast(await copySecret(value));
    } catch (e) {
      const message = e instanceof Error && e.name === "NotAllowedError" ? "The browser refused the clipboard." : formMessageOf(e as ErrorLike);
      setError(message);
    } finally {
      setBusy(null);
    }
  }

  function cancel() {
    setDraft("");
    setReason("");
    edit.cancel();
  }

  /** Saves the draft; a refused one stays in the editor with the reason, focus back in the input. */
  async function submit(overrideReason?: string) {
    if (!draft) return;
    revealed.hide(); // whatever was revealed is about to be out of date
    const outcome = await edit.commit(() => onChange(draft, overrideReason), true);
    if (outcome === "saved" || outcome === "conflict") {
      setDraft("");
      setReason("");
    }
  }

  return (
    <div className="min-w-0">
      {changing ? (
        <div className="flex flex-wrap items-center gap-1">
          <input
            ref={inputRef}
            autoFocus
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-label={`New password for ${name}`}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? refusalId : undefined}
            aria-busy={editSaving || undefined}
            readOnly={editSaving}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void submit();
              } else if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                cancel();
              }
            }}
            className={`block w-40 max-w-full rounded border bg-white px-2 py-1 font-mono text-sm outline-2 ${refusal ? "border-red-600 outline-red-600" : "border-blue-500 outline-blue-600"}`}
          />
          <IconButton
            label="Generate a password"
            pending={generator.pending}
            onClick={async () => {
              const password = await generator.generate();
              if (password) setDraft(password);
            }}
          >
            <DiceIcon />
          </IconButton>
          <Button size="sm" onClick={() => void submit()} pending={saving} disabled={!draft}>
            Save
          </Button>
          <Button size="sm" variant="ghost" onClick={cancel}>
            Cancel
          </Button>
          {refusal ? (
            <div className="w-full max-w-72">
              <p id={refusalId} role="alert" className="text-xs text-red-700">
                New password not saved: {refusal}
              </p>
              {canOverridePolicy ? (
                <div className="mt-1 flex gap-1">
                  <input
                    aria-label="Override reason"
                    placeholder="Reason to override the policy"
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-900"
                  />
                  <Button size="sm" variant="secondary" className="px-2 py-1 text-xs" disabled={reason.trim().length < 5 || saving} onClick={() => void submit(reason.trim())}>
                    Save anyway
                  </Button>
                </div>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-1">
          {revealed.value !== null ? (
            <SecretText className="mr-1 max-w-48 text-sm text-slate-900 sm:max-w-72" data-testid="password-value">
              {revealed.value}
            </SecretText>
          ) : (
            <span className="mr-1 font-mono text-sm tracking-widest text-slate-600" data-testid="password-value">
              •••••••
            </span>
          )}
          {canReveal ? (
            <>
              {copyOnly ? null : (
                <IconButton label={revealed.value !== null ? "Hide password" : "Reveal password"} pending={busy === "reveal"} onClick={() => void reveal()}>
                  <EyeIcon off={revealed.value !== null} />
                </IconButton>
              )}
              <IconButton label="Copy password" pending={busy === "copy"} onClick={() => void copy()}>
                <CopyIcon />
              </IconButton>
            </>
          ) : null}
          {copyOnly ? (
            <span title={COPY_ONLY_EXPLANATION} className="ml-1">
              <Badge>
                Copy only<span className="sr-only">: {COPY_ONLY_EXPLANATION}</span>
              </Badge>
            </span>
          ) : null}
          {canEdit ? (
            <Button ref={buttonRef} size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs" onClick={() => edit.start("")}>
              Change
            </Button>
          ) : null}
        </div>
      )}
      {error || generator.error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error ?? generator.error}
        </p>
      ) : null}
      {problem}
    </div>
  );
}
