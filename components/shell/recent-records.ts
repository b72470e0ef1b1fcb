"use client";

import { useCallback, useSyncExternalStore } from "react";
import { z } from "zod";

/** What the palette opens: a record of the workspace or one of its pages. */
export type PaletteKind = "customer" | "contact" | "device" | "password" | "page" | "setting";

/**
 * A recently opened record, kept in this browser's localStorage per workspace. Names and links only: a password's
 * description and where it is filed, never a secret (the palette never has one).
 */
export type RecentRecord = { kind: PaletteKind; id: string; name: string; detail: string; href: string };

const KEEP = 6;
const zRecent = z.array(
  z.object({
    kind: z.enum(["customer", "contact", "device", "password", "page", "setting"]),
    id: z.string(),
    name: z.string(),
    detail: z.string(),
    // Only a path inside the app: a tampered entry must not send the palette elsewhere.
    href: z.string().regex(/^\/[^/\\]/),
  }),
);

const storageKey = (tenant: string) => `vaultline:recent:${tenant}`;
const listeners = new Set<() => void>();
// useSyncExternalStore needs the same value for the same storage, not a fresh parse each time.
const cache = new Map<string, { raw: string | null; records: RecentRecord[] }>();
const NONE: RecentRecord[] = [];

function read(tenant: string): RecentRecord[] {
  const raw = window.localStorage.getItem(storageKey(tenant));
  const cached = cache.get(tenant);
  if (cached && cached.raw === raw) return cached.records;
  let records: RecentRecord[] = [];
  try {
    const parsed = zRecent.safeParse(raw ? JSON.parse(raw) : []);
    records = parsed.success ? parsed.data : [];
  } catch {
    // Unreadable (edited by hand): start again.
  }
  cache.set(tenant, { raw, records });
  return records;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** The workspace's recent records, newest first, and `remember` to put one at the top. */
export function useRecentRecords(tenant: string) {
  const records = useSyncExternalStore(
    subscribe,
    () => read(tenant),
    () => NONE,
  );
  const remember = useCallback(
    (record: RecentRecord) => {
      const next = [record, ...read(tenant).filter((r) => !(r.kind === record.kind && r.id === record.id))].slice(0, KEEP);
      window.localStorage.setItem(storageKey(tenant), JSON.stringify(next));
      listeners.forEach((l) => l());
    },
    [tenant],
  );
  return { records, remember };
}
