"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
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
  onChange: (password: string) => Promise<SaveOutcome>;
  problem?: ReactNode;
};

/** The masked password with Reveal (30 s), Copy (cleared after 30 s) and an inline Change with the generator. */
export function PasswordCell({ tenant, credentialId, name, canReveal, canEdit, copyOnly = false, saving, onChange, problem }: PasswordCellProps) {
  const client = useTRPCClient();
  const toast = useToast();
  const revealed = useRevealedValue();
  const [busy, setBusy] = useState<"reveal" | "copy" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  const [draft, setDraft] = useState("");
  const generator = useGeneratePassword(tenant);
  const changeButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  // Back on the Change button once the editor closes from the keyboard, or a conflict dialog is resolved.
  const afterConflict = useRef(false);
  useEffect(() => {
    if (!changing && refocus.current) {
      refocus.current = false;
      changeButton.current?.focus();
    }
  }, [changing]);
  useEffect(() => {
    if (!problem && afterConflict.current) {
      afterConflict.current = false;
      changeButton.current?.focus();
    }
  }, [problem]);

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

  function cancel(keepFocus = false) {
    refocus.current = keepFocus;
    setChanging(false);
    setDraft("");
  }

  async function submit(keepFocus: boolean) {
    if (!draft) return;
    revealed.hide(); // whatever was revealed is about to be out of date
    // Closed either way: a refused change is kept by the row's problem note (conflict choice or policy override).
    afterConflict.current = (await onChange(draft)) === "conflict";
    cancel(keepFocus);
  }

  return (
    <div className="min-w-0">
      {changing ? (
        <div className="flex flex-wrap items-center gap-1">
          <input
            autoFocus
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-label={`New password for ${name}`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void submit(true);
              } else if (e.key === "Escape") {
                e.preventDefault();
                cancel(true);
              }
            }}
            className="block w-40 max-w-full rounded border border-blue-500 bg-white px-2 py-1 font-mono text-sm outline-2 outline-blue-600"
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
          <Button size="sm" onClick={() => void submit(false)} pending={saving} disabled={!draft}>
            Save
          </Button>
          <Button size="sm" variant="ghost" onClick={() => cancel()}>
            Cancel
          </Button>
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
            <Button ref={changeButton} size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs" onClick={() => setChanging(true)}>
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
