"use client";

import { useId, type ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { useModalDialog } from "./use-modal-dialog";

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
};

/** A modal confirmation on the native <dialog>: focus trap, Escape to cancel and the backdrop come for free. */
export function ConfirmDialog({ open, title, children, confirmLabel, tone = "danger", pending, error, onConfirm, onClose }: ConfirmDialogProps) {
  const ref = useModalDialog(open);
  const titleId = useId();

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-full max-w-md rounded-lg text-left whitespace-normal border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40 dark:backdrop:bg-black/60"
    >
      <div className="px-6 py-5">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {children ? <div className="mt-2 text-sm text-slate-600">{children}</div> : null}
        {error ? (
          <Alert tone="error" className="mt-4">
            {error}
          </Alert>
        ) : null}
      </div>
      <div className="flex justify-end gap-2 rounded-b-lg border-t border-slate-200 bg-slate-50 px-6 py-3">
        <Button variant="secondary" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button variant={tone} onClick={onConfirm} pending={pending}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
