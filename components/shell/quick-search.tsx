"use client";

import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { CommandPalette } from "./command-palette";

/** ⌘K / Ctrl+K (or the search box in the top bar): the command palette over every kind of record and page. */
export function QuickSearch({ tenant }: { tenant: string }) {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen(true);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <>
      {/* On a phone just the glass and "Search", so the top bar keeps one line. */}
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        className="flex w-full max-w-xs items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm whitespace-nowrap text-slate-500 shadow-sm hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0" fill="currentColor">
          <path d="M8.5 3a5.5 5.5 0 0 1 4.4 8.8l3.6 3.7a1 1 0 0 1-1.4 1.4l-3.7-3.6A5.5 5.5 0 1 1 8.5 3zm0 2a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z" />
        </svg>
        <span className="min-w-0 flex-1 truncate text-left">
          Search<span className="hidden sm:inline"> everything…</span>
        </span>
        <kbd className="hidden rounded border border-slate-200 bg-slate-50 px-1.5 text-xs font-medium text-slate-500 sm:inline">Ctrl K</kbd>
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} size="lg" title="Search everything">
        <CommandPalette tenant={tenant} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
