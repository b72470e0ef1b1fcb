"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { useModalDialog } from "@/components/ui/use-modal-dialog";
import { CloseIcon } from "./shell-icons";

type NavDrawerProps = { id: string; open: boolean; onClose: () => void; children: ReactNode };

/**
 * The sidebar as a drawer from the left on small screens, on the native modal <dialog>: the page behind is inert,
 * Escape and a tap on the backdrop close it, and so does following one of its links. Tab wraps around inside it
 * (a modal dialog alone lets focus leave for the browser's own controls). The content mounts only while open, so
 * the page never holds two "Main" navigations at once.
 */
export function NavDrawer({ id, open, onClose, children }: NavDrawerProps) {
  const ref = useModalDialog(open);
  const pathname = usePathname();
  const shownPath = useRef(pathname);

  // Any navigation closes it, also one not made from a link in it (the workspace picker).
  useEffect(() => {
    if (pathname === shownPath.current) return;
    shownPath.current = pathname;
    onClose();
  }, [pathname, onClose]);

  return (
    <dialog
      ref={ref}
      id={id}
      aria-label="Menu"
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key === "Tab") wrapFocus(event, event.currentTarget);
      }}
      // A click on the ::backdrop lands on the <dialog> itself; a link closes it even when it leads to this page.
      onClick={(event) => {
        if (event.target === event.currentTarget || (event.target as Element).closest("a")) onClose();
      }}
      className="fixed inset-y-0 left-0 m-0 h-dvh max-h-none w-72 max-w-[85vw] overflow-y-auto bg-rail p-0 shadow-xl backdrop:bg-black/50"
    >
      {open ? (
        <div className="min-h-full">
          <button
            type="button"
            aria-label="Close menu"
            onClick={onClose}
            className="absolute top-4 right-3 rounded-md p-1.5 text-rail-muted hover:bg-rail-raised hover:text-rail-ink focus-visible:outline-2 focus-visible:outline-blue-400"
          >
            <CloseIcon />
          </button>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

const FOCUSABLE = "a[href], button:not([disabled]), select:not([disabled]), input:not([disabled]), [tabindex='0']";

/** Moves focus from the last stop to the first (and back with Shift), so Tab never leaves the drawer. */
function wrapFocus(event: KeyboardEvent<HTMLElement>, container: HTMLElement) {
  const stops = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = stops[0];
  const last = stops.at(-1);
  if (!first || !last) return;
  const edge = event.shiftKey ? first : last;
  if (document.activeElement !== edge) return;
  event.preventDefault();
  (event.shiftKey ? last : first).focus();
}
