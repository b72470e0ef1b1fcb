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
 * Drops or folds the duplicates among `rows` (file order), per the user's choice; returns the rows to write and the
 * duplicates found.
 */
export function settleDuplicates(rows: FiledRow[], stored: Map<string, MergeTarget>, action: ImportOptions["duplicates"]) {
  const kept: FiledRow[] = [];
  const seen = new Map<string, FiledRow>();
  const duplicates: DuplicateRow[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const earlier = seen.get(key);
    if (earlier) {
      duplicates.push({ row: row.row, of: { row: earlier.row }, action });
      if (action === "merge") foldInto(earlier, row);
      continue;
    }
    const existing = stored.get(key);
    if (existing) {
      duplicates.push({ row: row.row, of: { credentialId: existing.credentialId, name: existing.name }, action });
      if (action === "skip") continue;
      row.merge = existing;
    }
    seen.set(key, row);
    kept.push(row);
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
