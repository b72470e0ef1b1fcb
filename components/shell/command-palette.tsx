"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { credentialHref } from "@/components/credentials/use-landing-credential";
import { useTRPC } from "@/components/providers/trpc";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";
import { type PaletteKind, type RecentRecord, useRecentRecords } from "./recent-records";
import { useNavItems } from "./use-nav-items";
import { useTerminology } from "./use-terminology";
import { useWorkspace } from "./workspace-context";

const PASSWORDS_SHOWN = 10;
const RECORDS_SHOWN = 5;
const TONES: Record<PaletteKind, BadgeTone> = { customer: "info", contact: "success", device: "warning", password: "neutral", page: "neutral", setting: "neutral" };

const keyOf = (record: RecentRecord) => `${record.kind}:${record.id}`;

const groupClasses =
  "[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pt-3 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-slate-500 [&_[cmdk-group-heading]]:uppercase";

/**
 * The ⌘K palette (cmdk: combobox, arrow keys, Enter, focus and ARIA come from the library): customers, contacts and
 * devices from search.holders, passwords from credentials.quickSearch (the first few, no total), and the member's pages
 * filtered here; with nothing typed, the records opened last. Each result carries a badge in the workspace's own words
 * (Customer/Site, Contact/User). Choosing one opens it; a password opens on its device, contact or customer page, ringed.
 */
export function CommandPalette({ tenant, onDone }: { tenant: string; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const words = useTerminology();
  const { role, userId } = useWorkspace();
  const { main, settings } = useNavItems(tenant, role);
  const { records: recent, remember } = useRecentRecords(tenant, userId);
  const [term, setTerm] = useState("");
  const [chosen, setChosen] = useState("");
  const search = useDeferredValue(term.trim());
  const searching = search.length > 0;
  const holders = useQuery({
    ...trpc.search.holders.queryOptions({ tenant, term: search, limit: RECORDS_SHOWN }),
    enabled: searching,
    placeholderData: keepPreviousData,
  });
  const passwords = useQuery({
    ...trpc.credentials.quickSearch.queryOptions({ tenant, term: search, limit: PASSWORDS_SHOWN }),
    enabled: searching,
    placeholderData: keepPreviousData,
  });
  const kindLabel: Record<PaletteKind, string> = { customer: words.customer, contact: words.contact, device: "Device", password: "Password", page: "Page", setting: "Settings" };

  function open(record: RecentRecord) {
    if (record.kind !== "page" && record.kind !== "setting") remember(record);
    onDone();
    router.push(record.href);
  }

  function item(record: RecentRecord) {
    return (
      <Command.Item
        key={keyOf(record)}
        value={keyOf(record)}
        onSelect={() => open(record)}
        className="flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm text-slate-800 data-[selected=true]:bg-blue-50 data-[selected=true]:text-blue-900"
      >
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{record.name}</span>
          {record.detail ? <span className="block truncate text-xs text-slate-500">{record.detail}</span> : null}
        </span>
        <Badge tone={TONES[record.kind]}>{kindLabel[record.kind]}</Badge>
      </Command.Item>
    );
  }

  const lower = search.toLowerCase();
  const pages: RecentRecord[] = [
    ...main.map((p) => ({ kind: "page" as const, id: p.href, name: p.label, detail: "", href: p.href })),
    ...settings.map((p) => ({ kind: "setting" as const, id: p.href, name: p.label, detail: "Settings", href: p.href })),
  ].filter((p) => `${p.name} ${p.detail}`.toLowerCase().includes(lower));
  const found = searching ? holders.data : undefined;
  const groups: { heading: string; records: RecentRecord[] }[] = searching
    ? [
        { heading: words.customers, records: (found?.customers ?? []).map((c) => ({ kind: "customer", id: c.id, name: c.name, detail: "", href: `/${tenant}/customers/${c.id}` })) },
        {
          heading: words.contacts,
          records: (found?.contacts ?? []).map((c) => ({ kind: "contact", id: c.id, name: c.name, detail: [c.customerName, c.email].filter(Boolean).join(" · "), href: `/${tenant}/contacts/${c.id}` })),
        },
        {
          heading: "Devices",
          records: (found?.devices ?? []).map((d) => ({ kind: "device", id: d.id, name: d.name, detail: [d.customerName, d.hostname].filter(Boolean).join(" · "), href: `/${tenant}/devices/${d.id}` })),
        },
        {
          heading: "Passwords",
          records: (passwords.data?.items ?? []).map((c) => ({
            kind: "password",
            id: c.id,
            name: c.name,
            detail: [[c.customerName, c.deviceName ?? c.contactName].filter(Boolean).join(" › "), c.username].filter(Boolean).join(" · "),
            href: credentialHref(tenant, c),
          })),
        },
        { heading: "Pages", records: pages },
      ]
    : [
        { heading: "Recent", records: recent },
        { heading: "Pages", records: pages },
      ];
  const pending = searching && (holders.isFetching || passwords.isFetching);
  // Results arrive after typing, so cmdk has nothing to select when they do: the first one is selected until the
  // member moves (and again when the one they moved to is gone), so Enter always opens something.
  const shown = groups.flatMap((g) => g.records.map(keyOf));
  const selected = shown.includes(chosen) ? chosen : (shown[0] ?? "");

  return (
    <Command label="Search everything" shouldFilter={false} loop value={selected} onValueChange={setChosen} className="flex flex-col">
      <div className="relative">
        <Command.Input
          data-autofocus
          value={term}
          onValueChange={setTerm}
          placeholder={`${words.customers}, ${words.contacts.toLowerCase()}, devices, passwords, pages…`}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus-visible:border-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600"
        />
        {pending ? (
          <span className="absolute top-2.5 right-3 text-slate-400">
            <Spinner />
          </span>
        ) : null}
      </div>
      <Command.List className={`mt-2 max-h-96 overflow-y-auto ${groupClasses}`}>
        <Command.Empty className="px-3 py-6 text-center text-sm text-slate-500">{pending ? "Searching…" : "Nothing matches. Secrets are never searched."}</Command.Empty>
        {groups
          .filter((g) => g.records.length > 0)
          .map((g) => (
            <Command.Group key={g.heading} heading={g.heading}>
              {g.records.map(item)}
            </Command.Group>
          ))}
      </Command.List>
      <p className="mt-2 text-xs text-slate-500">↑ ↓ to move, Enter to open, Esc to close.</p>
    </Command>
  );
}
