"use client";

import { useEffect, useRef } from "react";

/**
 * A native <dialog> shown as a modal while `open` (focus trap, Escape and backdrop come with it) and closed
 * otherwise; `onShown` runs right after it opens (to move focus where the content asks).
 */
export function useModalDialog(open: boolean, onShown?: (dialog: HTMLDialogElement) => void) {
  const ref = useRef<HTMLDialogElement>(null);
  // Runs again when `onShown` is a new function, harmlessly: it acts only when the dialog's state differs from `open`.
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      onShown?.(dialog);
    }
    if (!open && dialog.open) dialog.close();
  }, [open, onShown]);
  return ref;
}
