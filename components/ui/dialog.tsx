"use client";

import { useId, type ReactNode } from "react";
import { useModalDialog } from "./use-modal-dialog";

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
 * A modal on the native <dialog> (focus trap, Escape and backdrop for free). Its content mounts only while open,
 * so a form inside starts empty every time and nothing typed into it outlives the dialog. Mark the field to start
 * in with `data-autofocus`.
 */
export function Dialog({ open, title, description, onClose, children, size = "md" }: DialogProps) {
  // showModal() focuses the first focusable element (the close button); start where the content asks
  // (data-autofocus), else at its first field.
  const ref = useModalDialog(open, (dialog) =>
    (dialog.querySelector<HTMLElement>("[data-autofocus]") ?? dialog.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea"))?.focus(),
  );
  const titleId = useId();

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className={`m-auto w-full ${widths[size]} max-h-[90vh] rounded-lg border border-slate-200 bg-white p-0 text-left whitespace-normal shadow-xl backdrop:bg-slate-900/40 dark:backdrop:bg-black/60`}
    >
      {open ? (
        <div className="px-6 py-5">
          <div className="flex items-start justify-between gap-4">
            <div>
              <h2 id={titleId} className="text-lg font-semibold text-slate-900">
                {title}
              </h2>
              {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
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
        </div>
      ) : null}
    </dialog>
  );
}
