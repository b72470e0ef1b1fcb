"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import { Modal, ModalTitle } from "@/components/ui/modal";
import { CloseIcon } from "./shell-icons";

type NavDrawerProps = { id: string; open: boolean; onClose: () => void; children: ReactNode };

/**
 * The sidebar as a drawer from the left on small screens, a modal dialog: the page behind is inert, focus stays
 * inside, Escape and a tap outside close it, and so does following one of its links. The content mounts only while
 * open, so the page never holds two "Main" navigations at once.
 */
export function NavDrawer({ id, open, onClose, children }: NavDrawerProps) {
  const pathname = usePathname();
  const shownPath = useRef(pathname);

  // Any navigation closes it, also one not made from a link in it (the workspace picker).
  useEffect(() => {
    if (pathname === shownPath.current) return;
    shownPath.current = pathname;
    onClose();
  }, [pathname, onClose]);

  return (
    <Modal
      open={open}
      onClose={onClose}
      id={id}
      aria-describedby={undefined}
      overlayClassName="fixed inset-0 z-40 bg-black/50"
      // A link closes it even when it leads to the page already shown.
      onClick={(event) => {
        if ((event.target as Element).closest("a")) onClose();
      }}
      className="fixed inset-y-0 left-0 z-50 h-dvh w-72 max-w-[85vw] overflow-y-auto bg-rail shadow-xl focus:outline-none"
    >
      <ModalTitle className="sr-only">Menu</ModalTitle>
      <button
        type="button"
        aria-label="Close menu"
        onClick={onClose}
        className="absolute top-4 right-3 rounded-md p-1.5 text-rail-muted hover:bg-rail-raised hover:text-rail-ink focus-visible:outline-2 focus-visible:outline-blue-400"
      >
        <CloseIcon />
      </button>
      {children}
    </Modal>
  );
}
