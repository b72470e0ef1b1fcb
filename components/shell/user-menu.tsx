"use client";

import * as Popover from "@radix-ui/react-popover";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useState } from "react";
import { ThemeSwitch } from "./theme-switch";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase() || "?";
}

const itemClasses =
  "block w-full rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600";

/**
 * The signed-in user's name opening a panel (Radix's popover: focus moves into it, Escape or a click outside closes
 * it and focus returns to the button): who you are, the theme, account security, sign out.
 */
export function UserMenu({ name, email }: { name: string; email: string }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        aria-label="Account menu"
        className="flex items-center gap-2 rounded-full py-1 pr-3 pl-1 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-full bg-blue-600 text-xs font-semibold text-white">
          {initials(name)}
        </span>
        <span className="hidden max-w-48 truncate sm:inline">{name}</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 text-slate-500" fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4z" />
        </svg>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          aria-label="Account menu"
          align="end"
          sideOffset={8}
          collisionPadding={8}
          className="z-50 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg focus:outline-none"
        >
          <div className="border-b border-slate-100 px-3 py-2">
            <p className="truncate text-sm font-medium text-slate-900">{name}</p>
            <p className="truncate text-xs text-slate-600">{email}</p>
          </div>
          <div className="border-b border-slate-100">
            <ThemeSwitch />
          </div>
          <ul className="py-1">
            <li>
              <Link href="/account/security" className={itemClasses} onClick={() => setOpen(false)}>
                Account security
              </Link>
            </li>
            <li>
              <Link href="/select-workspace" className={itemClasses} onClick={() => setOpen(false)}>
                All workspaces
              </Link>
            </li>
            <li>
              <button
                type="button"
                className={itemClasses}
                disabled={signingOut}
                onClick={() => {
                  setSigningOut(true);
                  void signOut({ callbackUrl: "/login" });
                }}
              >
                {signingOut ? "Signing out…" : "Sign out"}
              </button>
            </li>
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
