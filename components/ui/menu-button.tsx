"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useRef, type ReactNode } from "react";

export type MenuAction = {
  /** Visible text of the item. */
  label: string;
  /** Accessible name when the visible text needs its row, e.g. "Delete Router admin". */
  name?: string;
  tone?: "danger";
  onSelect: () => void;
};

const itemClasses =
  "block w-full cursor-default rounded-md px-3 py-2 text-left text-sm outline-none select-none data-highlighted:bg-slate-100 data-highlighted:outline-2 data-highlighted:-outline-offset-2 data-highlighted:outline-blue-600";

/**
 * A button that opens a menu of actions (Radix's dropdown menu: arrow keys, Home, End and typeahead move between
 * items, Escape closes and focus goes back to the button). The menu is portalled to the page, so a scrolling or
 * clipping container (a table's region) cannot cut it off.
 */
export function MenuButton({ label, icon, actions }: { label: string; icon: ReactNode; actions: readonly MenuAction[] }) {
  // The chosen action runs once the menu has closed and focus is back on the button, so a dialog it opens
  // returns focus there when it closes.
  const chosen = useRef<MenuAction | null>(null);
  return (
    // Not modal: the page stays readable and clickable around it (a click elsewhere just closes it), as a menu
    // button's menu should be; only dialogs make the page inert.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label={label}
        title={label}
        className="inline-flex size-7 items-center justify-center rounded text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        {icon}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          loop
          collisionPadding={8}
          onCloseAutoFocus={() => {
            const action = chosen.current;
            chosen.current = null;
            // After Radix has moved focus back to the button (the default this handler leaves in place).
            if (action) queueMicrotask(action.onSelect);
          }}
          className="z-50 min-w-40 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
        >
          {actions.map((action) => (
            <DropdownMenu.Item
              key={action.label}
              aria-label={action.name}
              onSelect={() => {
                chosen.current = action;
              }}
              className={`${itemClasses} ${action.tone === "danger" ? "text-red-700 data-highlighted:bg-red-50" : "text-slate-700"}`}
            >
              {action.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
