"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { useRef, type ComponentProps, type ReactNode } from "react";

type ModalProps = Omit<ComponentProps<typeof RadixDialog.Content>, "children" | "onCloseAutoFocus"> & {
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  /** The backdrop; by default the page dimmed (black in the dark theme, where slate-900 is light ink). */
  overlayClassName?: string;
};

/**
 * Radix's modal dialog, the base of Dialog, ConfirmDialog and the phone's navigation drawer: focus is trapped inside
 * and returned to where it came from on close, Escape and a click outside close it, and the page behind is hidden
 * from assistive technology and does not scroll. Its content mounts only while open. Name it with a ModalTitle.
 */
export function Modal({ open, onClose, children, overlayClassName = "fixed inset-0 z-40 bg-slate-900/40 dark:bg-black/60", onOpenAutoFocus, ...content }: ModalProps) {
  // Radix returns focus to its own Dialog.Trigger; these dialogs are opened by state from anywhere (a menu item, a
  // shortcut), so the element that had focus when one opened gets it back.
  const opener = useRef<HTMLElement | null>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={overlayClassName} />
        <RadixDialog.Content
          {...content}
          onOpenAutoFocus={(event) => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
            onOpenAutoFocus?.(event);
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (opener.current?.isConnected) opener.current.focus();
            opener.current = null;
          }}
        >
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export const ModalTitle = RadixDialog.Title;
export const ModalDescription = RadixDialog.Description;

/** A centred panel of the given max width, scrolling inside itself when taller than the window. */
export const modalPanelClasses = (width: string) =>
  `fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100%-2rem)] ${width} -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-slate-200 bg-white text-left shadow-xl focus:outline-none`;
