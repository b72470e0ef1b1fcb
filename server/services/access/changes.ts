import "server-only";
import type { Tx } from "@/db/client";
import type { AccessChange } from "@/lib/access-requests";
import { emitEvents } from "@/server/events/outbox";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";

/** Every change of an access request is audited as `access.<change>` and queued for the notification workflow. */
export async function recordAccessChange(
  tx: Tx,
  tenantId: string,
  audit: AuditActor,
  change: AccessChange,
  request: { id: string; credentialId: string },
  details = {},
) {
  await recordAuditEvent(tx, tenantId, audit, {
    action: `access.${change}`,
    target: { type: "credential", id: request.credentialId },
    details: { requestId: request.id, ...details },
  });
  await emitEvents(tx, [{ name: "vaultline/access.changed", data: { tenantId, requestId: request.id, change } }]);
}
