import type { Tx } from "@/db/client";
import type { IntegrityFailure } from "@/server/errors";
import { recordAuditEvent, type AuditActor } from "./record-audit-event";

/** Records that a stored secret failed to open: which password and field, and who tried (never a value). */
export function recordIntegrityFailure(tx: Tx, tenantId: string, actor: AuditActor, failure: IntegrityFailure): Promise<void> {
  return recordAuditEvent(tx, tenantId, actor, {
    action: "credential.integrity_failed",
    target: { type: "credential", id: failure.credentialId },
    details: { field: failure.secretField },
  });
}
