"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

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
  onSave: (value: string) => void;
  /** The field's error or conflict, shown under the cell. */
  problem?: ReactNode;
  inputType?: "text" | "url";
};

/**
 * A table cell that edits in place: click, Enter or F2 starts; Enter or leaving the field saves; Escape cancels.
 * Focus returns to the cell afterwards so keyboard users keep their place.
 */
export function InlineTextCell({ label, value, display, placeholder = "—", editable, disabled, onSave, problem, inputType = "text" }: InlineTextCellProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const finished = useRef(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      buttonRef.current?.focus();
    }
  }, [editing]);

  function start() {
    if (!editable || disabled) return;
    finished.current = false;
    setDraft(value);
    setEditing(true);
  }

  function finish(save: boolean, keepFocus: boolean) {
    if (finished.current) return;
    finished.current = true;
    refocus.current = keepFocus;
    setEditing(false);
    if (save && draft.trim() !== value.trim()) onSave(draft.trim());
  }

  const shown = value ? (display ?? value) : <span className="text-slate-400">{placeholder}</span>;

  return (
    <div className="min-w-20">
      {editing ? (
        <input
          autoFocus
          type={inputType}
          aria-label={label}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => finish(true, false)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              finish(true, true);
            } else if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              finish(false, true);
            }
          }}
          className="block w-full rounded border border-blue-500 bg-white px-2 py-1 text-sm text-slate-900 outline-2 outline-blue-600"
        />
      ) : editable ? (
        <button
          ref={buttonRef}
          type="button"
          disabled={disabled}
          aria-label={`${label}: ${value || "empty"}. Press Enter to edit.`}
          title="Click to edit"
          onClick={start}
          onKeyDown={(e) => {
            if (e.key === "F2") {
              e.preventDefault();
              start();
            }
          }}
          className="-mx-2 -my-1 block w-[calc(100%+1rem)] max-w-40 truncate rounded px-2 py-1 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60"
        >
          {shown}
        </button>
      ) : (
        <span className="block max-w-40 truncate">{shown}</span>
      )}
      {problem}
    </div>
  );
}
