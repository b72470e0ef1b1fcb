import "server-only";
import { and, asc, eq, gt } from "drizzle-orm";
import { contacts, credentials, credentialVersions, customers, devices, passwordPolicies, users } from "@/db/schema";
import { badInput, EditConflict, type FieldClash, type TheirValue } from "@/server/errors";
import type { TenantScope } from "@/server/scope";

/*
 * Edits made on an older version. Every write that changes a field records a history version naming the fields
 * (inline edits, rotations, import merges); trashing and restoring bump the version without changing a field. So
 * the fields changed since version v are the union of the history versions after v: an edit that touches none of
 * them merges silently, one that touches any of them is refused with what is stored there now.
 */

type StoredCredential = typeof credentials.$inferSelect;
type LastChange = { by: string; at: Date };

/** Each field changed after `version`, with who changed it last and when. */
async function changesSince(scope: TenantScope, credentialId: string, version: number): Promise<Map<string, LastChange>> {
  const rows = await scope.db
    .select({ changedFields: credentialVersions.changedFields, changedAt: credentialVersions.changedAt, by: users.name })
    .from(credentialVersions)
    .leftJoin(users, eq(users.id, credentialVersions.changedBy))
    .where(
      and(
        eq(credentialVersions.tenantId, scope.tenantId),
        eq(credentialVersions.credentialId, credentialId),
        gt(credentialVersions.version, version),
      ),
    )
    .orderBy(asc(credentialVersions.version));
  const changed = new Map<string, LastChange>();
  for (const row of rows) {
    for (const field of row.changedFields) changed.set(field, { by: row.by ?? "Vaultline", at: row.changedAt });
  }
  return changed;
}

async function nameOf(scope: TenantScope, table: typeof customers | typeof contacts | typeof devices | typeof passwordPolicies, id: string | null) {
  if (!id) return "";
  const [row] = await scope.db
    .select({ name: table.name })
    .from(table)
    .where(and(eq(table.tenantId, scope.tenantId), eq(table.id, id)));
  return row?.name ?? "";
}

/** What a field holds now, as the conflict shows it: plain fields as text, sealed ones only marked. */
async function theirValue(scope: TenantScope, row: StoredCredential, field: string): Promise<TheirValue> {
  const text = (value: string): TheirValue => ({ secret: false, text: value });
  switch (field) {
    case "password":
      return { secret: true, revealField: "password" };
    case "notes":
      return { secret: true, revealField: "notes" };
    case "totp":
      return { secret: true, revealField: null };
    case "tags":
      return text(row.tags.join(", "));
    case "expiresAt":
      return text(row.expiresAt?.toISOString() ?? "");
    case "policyId":
      return text(await nameOf(scope, passwordPolicies, row.policyId));
    case "target":
      if (row.deviceId) return text(await nameOf(scope, devices, row.deviceId));
      if (row.contactId) return text(await nameOf(scope, contacts, row.contactId));
      return text(await nameOf(scope, customers, row.customerId));
    case "customFields":
      // Secret custom fields by label only, as every metadata read shows them.
      return text(row.customFields.map((f) => `${f.label}: ${f.type === "text" ? f.value : "••••••"}`).join("; "));
    case "kind":
    case "name":
    case "username":
    case "domain":
    case "loginUrl":
      return text(row[field]);
    case "externalId":
      return text(row.externalId ?? "");
    default:
      return text("");
  }
}

/**
 * Checks an edit of `changedFields` made on `editedVersion` against the stored row (locked by the caller). Returns
 * the fields others changed since, which the write must not undo by side effect; throws EditConflict when the edit
 * itself changes any of them, and BAD_REQUEST for a version the row never had.
 */
export async function assertNoClash(scope: TenantScope, row: StoredCredential, editedVersion: number, changedFields: string[]) {
  if (editedVersion === row.version) return new Set<string>();
  if (editedVersion > row.version) throw badInput("version", `This password is at version ${row.version}; reload it and edit again.`);
  const changed = await changesSince(scope, row.id, editedVersion);
  const clashing = changedFields.filter((field) => changed.has(field));
  if (clashing.length === 0) return new Set(changed.keys());
  const clashes: FieldClash[] = [];
  for (const field of clashing) {
    const last = changed.get(field)!;
    clashes.push({ field, by: last.by, at: last.at.toISOString(), theirs: await theirValue(scope, row, field) });
  }
  const first = clashes[0]!;
  const others = clashes.length > 1 ? ` (and ${clashes.length - 1} more of the fields you edited)` : "";
  throw new EditConflict(
    `This password was changed by ${first.by} at ${first.at} (now version ${row.version}): the same field you edited${others}. Keep theirs or save yours.`,
    { version: row.version, clashes },
  );
}
