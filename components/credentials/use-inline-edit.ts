"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import type { SaveOutcome } from "./use-credential-update";

/**
 * What every inline editor of a row does (a text cell, the password cell): open on a draft, save it, and then
 * - saved: close, and give focus back to the button that opened it when the keyboard was in the editor;
 * - refused for its value ("invalid"): stay open with the draft, focus back in the input, the reason at the field;
 * - conflict: close; once the conflict dialog is resolved (`problem` gone), focus returns to the button.
 */
export function useInlineEdit({ problem, onCancel }: { problem?: ReactNode; onCancel?: () => void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const refocus = useRef(false);
  const afterConflict = useRef(false);

  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      buttonRef.current?.focus();
    }
  }, [editing]);

  // The conflict dialog took focus; once it is resolved, focus comes back here rather than to the page body.
  useEffect(() => {
    if (!problem && afterConflict.current) {
      afterConflict.current = false;
      buttonRef.current?.focus();
    }
  }, [problem]);

  function start(initial: string) {
    setDraft(initial);
    setEditing(true);
  }

  function close(keepFocus: boolean) {
    refocus.current = keepFocus;
    setEditing(false);
  }

  /** Saves `value` through `save`; `keepFocus` when the keyboard (Enter, a button) asked, not a blur. */
  async function commit(save: () => Promise<SaveOutcome>, keepFocus: boolean): Promise<SaveOutcome | null> {
    if (busy.current) return null;
    busy.current = true;
    setSaving(true);
    const outcome = await save();
    busy.current = false;
    setSaving(false);
    afterConflict.current = outcome === "conflict";
    if (outcome !== "invalid") close(keepFocus);
    else if (keepFocus) inputRef.current?.focus();
    return outcome;
  }

  /** Abandons the edit (and the refusal shown with it). */
  function cancel() {
    onCancel?.();
    close(true);
  }

  return { editing, draft, setDraft, saving, buttonRef, inputRef, start, close, commit, cancel };
}
