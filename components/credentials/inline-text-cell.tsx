"use client";

import { useId, type ReactNode } from "react";
import type { SaveOutcome } from "./use-credential-update";
import { useInlineEdit } from "./use-inline-edit";

type InlineTextCellProps = {
  /** Accessible name of the field, e.g. "Username of Office 365 admin". */
  label: string;
  value: string;
  /** What the cell shows when not editing (defaults to the value). */
  display?: ReactNode;
  placeholder?: string;
  /** False for members who may not edit: the value is shown as plain text. */
  editable: boolean;
  disabled?: boolean;
  onSave: (value: string) => Promise<SaveOutcome>;
  /** Why the last save of this field was refused for its value: shown at the open editor, which keeps the draft. */
  error?: string;
  /** Drops the refusal when the edit is abandoned. */
  onCancel?: () => void;
  /** A conflict with someone else's edit, shown under the cell. */
  problem?: ReactNode;
  inputType?: "text" | "url";
};

/**
 * A table cell that edits in place: click, Enter or F2 starts; Enter or leaving the field saves; Escape cancels.
 * A value the server refuses keeps the editor open with the draft and the reason. Focus returns to the cell
 * afterwards so keyboard users keep their place.
 */
export function InlineTextCell({ label, value, display, placeholder = "—", editable, disabled, onSave, error, onCancel, problem, inputType = "text" }: InlineTextCellProps) {
  const edit = useInlineEdit({ problem, onCancel });
  const { editing, draft, setDraft, saving, buttonRef, inputRef } = edit;
  const errorId = useId();

  function start() {
    if (!editable || disabled) return;
    edit.start(value);
  }

  async function commit(keepFocus: boolean) {
    if (draft.trim() === value.trim()) return edit.close(keepFocus);
    await edit.commit(() => onSave(draft.trim()), keepFocus);
  }

  const cancel = edit.cancel;

  const shown = value ? (display ?? value) : <span className="text-slate-400">{placeholder}</span>;

  return (
    <div className="min-w-0">
      {editing ? (
        <>
          <input
            ref={inputRef}
            autoFocus
            type={inputType}
            aria-label={label}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            aria-busy={saving || undefined}
            readOnly={saving}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => void commit(false)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void commit(true);
              } else if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                cancel();
              }
            }}
            className={`block w-full rounded border bg-white px-2 py-1 text-sm text-slate-900 outline-2 ${error ? "border-red-600 outline-red-600" : "border-blue-500 outline-blue-600"}`}
          />
          {error ? (
            <p id={errorId} role="alert" className="mt-1 max-w-72 text-xs text-red-700">
              {error}
            </p>
          ) : null}
        </>
      ) : editable ? (
        // Not `disabled` while another field saves: a disabled button cannot take focus back after Enter.
        <button
          ref={buttonRef}
          type="button"
          aria-disabled={disabled || undefined}
          aria-label={`${label}: ${value || "empty"}. Press Enter to edit.`}
          title={value || undefined}
          onClick={start}
          onKeyDown={(e) => {
            if (e.key === "F2") {
              e.preventDefault();
              start();
            }
          }}
          className="-mx-2 -my-1 block w-[calc(100%+1rem)] truncate rounded px-2 py-1 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 aria-disabled:opacity-60"
        >
          {shown}
        </button>
      ) : (
        <span className="block truncate" title={value || undefined}>
          {shown}
        </span>
      )}
      {problem}
    </div>
  );
}
