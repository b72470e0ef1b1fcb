"use client";

import * as RadixTabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";

export type TabItem = { id: string; label: ReactNode; panel: ReactNode };

/**
 * Tabs on Radix (arrow keys, Home and End move between tabs and select them); only the active panel is mounted.
 * Controlled, so a page can keep the active tab in its URL. On a narrow screen the strip scrolls inside itself
 * rather than widening the page.
 */
export function Tabs({ label, tabs, active, onChange }: { label: string; tabs: TabItem[]; active: string; onChange: (id: string) => void }) {
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <RadixTabs.Root value={current?.id} onValueChange={onChange}>
      {/* The strip's rule is an inset shadow, not a border the tabs overlap, so scrolling sideways never scrolls it
          up and down by a pixel. */}
      <RadixTabs.List aria-label={label} className="flex gap-1 overflow-x-auto shadow-[inset_0_-1px_0] shadow-slate-200">
        {tabs.map((t) => (
          <RadixTabs.Trigger
            key={t.id}
            value={t.id}
            className="shrink-0 border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-slate-600 data-[state=inactive]:hover:border-slate-300 hover:text-slate-900 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 data-[state=active]:border-blue-600 data-[state=active]:text-blue-700 sm:px-4"
          >
            {t.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {tabs.map((t) => (
        <RadixTabs.Content key={t.id} value={t.id} className="pt-5 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600">
          {t.panel}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
