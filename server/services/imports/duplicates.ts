import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { credentials, type StoredCustomField } from "@/db/schema";
import type { DuplicateRow, ImportOptions } from "@/lib/imports";
import type { MappedRow } from "@/server/import/pipeline/map-entry";
import type { TenantScope } from "@/server/scope";

/*
 * Duplicates: rows with the same customer, description, username and login URL (case and surrounding spaces aside) as
 * an earlier row of the file or a password already stored. "skip" leaves the later row out; "merge" folds it into
 * the earlier one, or into the stored password (which then gets a new version).
 */

/** A stored password a row merges into: what the merge keeps of it, and the version it was read at. */
export type MergeTarget = { credentialId: string; name: string; version: number; customFields: StoredCustomField[]; tags: string[] };

/** A row filed under its customer (and contact or device), with the stored password it merges into, if any. */
export type FiledRow = Omit<MappedRow, "folders" | "holderName"> & {
  customerId: string;
  contactId: string | null;
  deviceId: string | null;
  merge: MergeTarget | null;
};

const keyOf = (row: { customerId: string; name: string; username: string; loginUrl: string }) =>
  [row.customerId, row.name, row.username, row.loginUrl].map((part) => part.trim().toLowerCase()).join("\n");

/** The stored passwords of these customers, by duplicate key (the oldest wins when several share one). */
export async function storedPasswordsByKey(scope: TenantScope, customerIds: string[]): Promise<Map<string, MergeTarget>> {
  const byKey = new Map<string, MergeTarget>();
  if (customerIds.length === 0) return byKey;
  const rows = await scope.db
    .select({
      id: credentials.id,
      customerId: credentials.customerId,
      name: credentials.name,
      username: credentials.username,
      loginUrl: credentials.loginUrl,
      version: credentials.version,
      customFields: credentials.customFields,
      tags: credentials.tags,
    })
    .from(credentials)
    .where(and(eq(credentials.tenantId, scope.tenantId), inArray(credentials.customerId, customerIds), isNull(credentials.deletedAt)))
    .orderBy(credentials.createdAt);
  for (const row of rows) {
    const key = keyOf(row);
    if (!byKey.has(key)) byKey.set(key, { credentialId: row.id, name: row.name, version: row.version, customFields: row.customFields, tags: row.tags });
  }
  return byKey;
}

/**
 * A filed row as the analysis keeps it while it reads on: what deciding duplicates needs, not the row's values
 * (those are read from the file again when it is written), so a big file is not held filed in full.
 */
export type RowSlot = {
  /** Its position among the rows the file yields, to find it when the file is read again. */
  position: number;
  row: number;
  customerId: string;
  key: string;
  /** Its custom fields' labels (after folding), which decide how many a merge leaves it with. */
  labels: string[];
  merge: MergeTarget | null;
  /** The later rows of the file folded into it ("merge"), in file order. */
  folds: FiledRow[];
  /** The row's values, kept only where it may be folded into an earlier row. */
  filed: FiledRow | null;
};

/** A row's slot; `keepValues` when it may turn out to be a later duplicate that is folded into an earlier row. */
export function slotOf(row: FiledRow, position: number, keepValues: boolean): RowSlot {
  return { position, row: row.row, customerId: row.customerId, key: keyOf(row), labels: row.customFields.map((f) => f.label), merge: null, folds: [], filed: keepValues ? row : null };
}

/**
 * Drops or folds the duplicates among `slots` (file order), per the user's choice; returns the slots to write and the
 * duplicates found. A folded row's values stay with the slot it was folded into (`folds`), for when it is written.
 */
export function settleDuplicates(slots: RowSlot[], stored: Map<string, MergeTarget>, action: ImportOptions["duplicates"]) {
  const kept: RowSlot[] = [];
  const seen = new Map<string, RowSlot>();
  const duplicates: DuplicateRow[] = [];
  for (const slot of slots) {
    const earlier = seen.get(slot.key);
    if (earlier) {
      duplicates.push({ row: slot.row, of: { row: earlier.row }, action });
      if (action === "merge") {
        const labels = new Set(slot.labels);
        earlier.labels = [...earlier.labels.filter((label) => !labels.has(label)), ...slot.labels];
        earlier.folds.push(slot.filed!);
      }
      continue;
    }
    const existing = stored.get(slot.key);
    if (existing) {
      duplicates.push({ row: slot.row, of: { credentialId: existing.credentialId, name: existing.name }, action });
      if (action === "skip") continue;
      slot.merge = existing;
    }
    seen.set(slot.key, slot);
    kept.push(slot);
  }
  return { kept, duplicates };
}

/** A later row's values win where it has one; tags add up; custom fields of the same label are replaced. */
export function foldInto(target: FiledRow, later: FiledRow) {
  if (later.password) target.password = later.password;
  if (later.notes) target.notes = later.notes;
  if (later.totpSeed) target.totpSeed = later.totpSeed;
  if (later.expiresAt) target.expiresAt = later.expiresAt;
  target.tags = [...new Set([...target.tags, ...later.tags])];
  const labels = new Set(later.customFields.map((f) => f.label));
  target.customFields = [...target.customFields.filter((f) => !labels.has(f.label)), ...later.customFields];
}
