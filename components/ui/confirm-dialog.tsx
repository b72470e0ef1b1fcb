"use client";

import type { ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Modal, ModalDescription, ModalTitle, modalPanelClasses } from "./modal";

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

/** A modal confirmation: it starts on Cancel, and Escape or a click outside cancels. */
export function ConfirmDialog({ open, title, children, confirmLabel, tone = "danger", pending, error, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Modal open={open} onClose={onClose} {...(children ? {} : { "aria-describedby": undefined })} className={modalPanelClasses("max-w-md")}>
      <div className="px-6 py-5">
        <ModalTitle className="text-lg font-semibold text-slate-900">{title}</ModalTitle>
        {children ? (
          <ModalDescription asChild>
            <div className="mt-2 text-sm text-slate-600">{children}</div>
          </ModalDescription>
        ) : null}
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
    </Modal>
  );
}
