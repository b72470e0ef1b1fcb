"use client";

import { useCallback, useSyncExternalStore } from "react";
import { z } from "zod";

/** What the palette opens: a record of the workspace or one of its pages. */
export type PaletteKind = "customer" | "contact" | "device" | "password" | "page" | "setting";

/**
 * A recently opened record, kept in this browser's localStorage per member and workspace (another person signing in
 * on the same browser starts with none). Names and links only: a password's description and where it is filed, never
 * a secret (the palette never has one).
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

/** Whose list: a workspace slug and a user id. */
type Owner = { tenant: string; userId: string };
const storageKey = ({ tenant, userId }: Owner) => `vaultline:recent:${tenant}:${userId}`;
const listeners = new Set<() => void>();
// useSyncExternalStore needs the same value for the same storage, not a fresh parse each time.
const cache = new Map<string, { raw: string | null; records: RecentRecord[] }>();
const NONE: RecentRecord[] = [];

function read(owner: Owner): RecentRecord[] {
  const key = storageKey(owner);
  const raw = window.localStorage.getItem(key);
  const cached = cache.get(key);
  if (cached && cached.raw === raw) return cached.records;
  let records: RecentRecord[] = [];
  try {
    const parsed = zRecent.safeParse(raw ? JSON.parse(raw) : []);
    records = parsed.success ? parsed.data : [];
  } catch {
    // Unreadable (edited by hand): start again.
  }
  cache.set(key, { raw, records });
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

/** The member's recent records in this workspace, newest first, and `remember` to put one at the top. */
export function useRecentRecords(tenant: string, userId: string) {
  const records = useSyncExternalStore(
    subscribe,
    () => read({ tenant, userId }),
    () => NONE,
  );
  const remember = useCallback(
    (record: RecentRecord) => {
      const owner = { tenant, userId };
      const next = [record, ...read(owner).filter((r) => !(r.kind === record.kind && r.id === record.id))].slice(0, KEEP);
      window.localStorage.setItem(storageKey(owner), JSON.stringify(next));
      listeners.forEach((l) => l());
    },
    [tenant, userId],
  );
  return { records, remember };
}
