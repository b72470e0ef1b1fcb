"use client";

import { useRef, type ReactNode } from "react";
import { Modal, ModalDescription, ModalTitle, modalPanelClasses } from "./modal";

type DialogProps = {
  open: boolean;
  title: string;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Width of the panel. */
  size?: "md" | "lg" | "xl";
};

const widths = { md: "max-w-md", lg: "max-w-2xl", xl: "max-w-4xl" } as const;

/**
 * A modal dialog with a title, an optional description and a close button. Its content mounts only while open, so a
 * form inside starts empty every time and nothing typed into it outlives the dialog. Mark the field to start in with
 * `data-autofocus`; otherwise it starts at its first field.
 */
export function Dialog({ open, title, description, onClose, children, size = "md" }: DialogProps) {
  const panel = useRef<HTMLDivElement>(null);
  return (
    <Modal
      open={open}
      onClose={onClose}
      ref={panel}
      // Without a description, say so, rather than leave aria-describedby pointing at nothing.
      {...(description ? {} : { "aria-describedby": undefined })}
      onOpenAutoFocus={(event) => {
        // Radix would focus the first focusable element (the close button); start where the content asks instead.
        const start =
          panel.current?.querySelector<HTMLElement>("[data-autofocus]") ??
          panel.current?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
        if (!start) return;
        event.preventDefault();
        start.focus();
      }}
      className={`${modalPanelClasses(widths[size])} px-6 py-5`}
    >
      <div className="flex items-start justify-between gap-4">
        <div>
          <ModalTitle className="text-lg font-semibold text-slate-900">{title}</ModalTitle>
          {description ? <ModalDescription className="mt-1 text-sm text-slate-600">{description}</ModalDescription> : null}
        </div>
        <button
          type="button"
          aria-label="Close"
          onClick={onClose}
          className="rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
            <path d="M5.3 5.3a1 1 0 0 1 1.4 0L10 8.6l3.3-3.3a1 1 0 1 1 1.4 1.4L11.4 10l3.3 3.3a1 1 0 0 1-1.4 1.4L10 11.4l-3.3 3.3a1 1 0 0 1-1.4-1.4L8.6 10 5.3 6.7a1 1 0 0 1 0-1.4z" />
          </svg>
        </button>
      </div>
      <div className="mt-4">{children}</div>
    </Modal>
  );
}
