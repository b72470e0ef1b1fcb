import "server-only";
import type { ExportEntry } from "@/server/export/entry";
import { DecryptionError, tenantSecretOpener, type FieldRef, type Sealed } from "@/server/crypto";
import { IntegrityFailure } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { credentialFieldRef, passwordRef } from "../vault/credential-seals";
import type { ExportCandidate } from "./export-selection";

/**
 * Opens the secrets of the passwords going into an export and shapes each as the format writers read it
 * (server/export/entry.ts). The key rows are read once for all of them. A value that fails to open, or a current
 * password that is not the newest in its history, stops the export as an IntegrityFailure naming the password, the
 * same as a reveal of it would.
 */
export async function openExportEntries(scope: TenantScope, rows: ExportCandidate[]): Promise<ExportEntry[]> {
  const open = await tenantSecretOpener(scope.db, scope.tenantId);
  const opened = (ref: FieldRef, sealed: Sealed): string => {
    try {
      return open(ref, sealed);
    } catch (error) {
      if (error instanceof DecryptionError) throw new IntegrityFailure(ref.rowId, ref.field);
      throw error;
    }
  };
  return rows.map((row) => {
    if (row.secretGeneration !== null && row.newestGeneration !== row.secretGeneration) throw new IntegrityFailure(row.id, "password");
    const customFields = row.customFields.map((field) =>
      field.type === "secret"
        ? { name: field.label, value: opened(credentialFieldRef(row.id, `custom:${field.id}`), field.value), secret: true }
        : { name: field.label, value: field.value, secret: false },
    );
    return {
      customer: row.customer,
      contact: row.contact,
      device: row.device,
      title: row.name,
      username: row.username || null,
      password: opened(passwordRef(row.id, row.secretGeneration), row.secret) || null,
      urls: row.loginUrl ? [row.loginUrl] : [],
      notes: row.notes ? opened(credentialFieldRef(row.id, "notes"), row.notes) || null : null,
      totp: row.totpSeed ? opened(credentialFieldRef(row.id, "totp"), row.totpSeed) : null,
      // The domain has no field of its own in the formats: it travels as a plain custom field rather than being dropped.
      customFields: row.domain ? [{ name: "Domain", value: row.domain, secret: false }, ...customFields] : customFields,
      tags: row.tags,
    };
  });
}
