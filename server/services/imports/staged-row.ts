import "server-only";
import { randomUUID } from "node:crypto";
import type { importStagedCredentials, StoredCustomField } from "@/db/schema";
import type { TenantSealer } from "@/server/crypto";
import { MAX_TAGS } from "@/server/import/pipeline/map-entry";
import { credentialFieldRef, passwordRef } from "../vault/credential-seals";
import { expiryFor } from "../vault/policies";
import type { FiledRow } from "./duplicates";

export type StagedRow = typeof importStagedCredentials.$inferInsert;

/**
 * One row sealed for staging, exactly as createCredential (or, for a merge, updateCredential) would seal it: every
 * secret bound to the credential it becomes, the password also to the version it is set at. Null for a merge that
 * would change nothing.
 */
export function stagedRowOf(
  ids: { tenantId: string; importId: string },
  row: FiledRow,
  seal: TenantSealer,
  policy: { maxAgeDays: number | null },
  now: Date,
): StagedRow | null {
  const credentialId = row.merge?.credentialId ?? randomUUID();
  const generation = row.merge ? row.merge.version + 1 : 1;
  const sealField = (field: string, value: string) => seal(credentialFieldRef(credentialId, field), value);
  const imported: StoredCustomField[] = row.customFields.map((field) => {
    const id = randomUUID();
    return field.secret
      ? { id, label: field.label, type: "secret", value: sealField(`custom:${id}`, field.value) }
      : { id, label: field.label, type: "text", value: field.value };
  });
  const labels = new Set(imported.map((f) => f.label));
  const kept = row.merge?.customFields.filter((f) => !labels.has(f.label)) ?? [];
  const tags = row.merge ? [...new Set([...row.merge.tags, ...row.tags])].slice(0, MAX_TAGS) : row.tags;
  const setsPassword = !row.merge || row.password !== "";
  const changed = row.merge
    ? [
        ...(setsPassword ? ["password"] : []),
        ...(row.notes ? ["notes"] : []),
        ...(row.totpSeed ? ["totp"] : []),
        ...(tags.length > row.merge.tags.length ? ["tags"] : []),
        ...(imported.length > 0 ? ["customFields"] : []),
      ]
    : [
        "name",
        "password",
        ...(["username", "loginUrl", "notes"] as const).filter((field) => row[field] !== ""),
        ...(row.totpSeed ? ["totp"] : []),
        ...(tags.length > 0 ? ["tags"] : []),
        ...(imported.length > 0 ? ["customFields"] : []),
      ];
  if (changed.length === 0) return null;
  return {
    tenantId: ids.tenantId,
    importId: ids.importId,
    row: row.row,
    credentialId,
    mergeVersion: row.merge?.version ?? null,
    customerId: row.customerId,
    contactId: row.contactId,
    deviceId: row.deviceId,
    name: row.name,
    username: row.username,
    secret: setsPassword ? seal(passwordRef(credentialId, generation), row.password) : null,
    domain: "",
    loginUrl: row.loginUrl,
    notes: row.notes ? sealField("notes", row.notes) : null,
    totpSeed: row.totpSeed ? sealField("totp", row.totpSeed) : null,
    tags,
    customFields: [...kept, ...imported],
    expiresAt: row.expiresAt ?? (setsPassword ? expiryFor(policy, now) : null),
    changedFields: changed,
  };
}
