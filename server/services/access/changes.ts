import "server-only";
import type { AccessChange } from "@/lib/access-requests";
import { emitEvents } from "@/server/events/outbox";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

/** Every change of an access request is audited as `access.<change>` and queued for the notification workflow. */
export async function recordAccessChange(
  scope: TenantScope,
  change: AccessChange,
  request: { id: string; credentialId: string },
  details = {},
) {
  const { db: tx, tenantId } = scope;
  await audit(scope, {
    action: `access.${change}`,
    target: { type: "credential", id: request.credentialId },
    details: { requestId: request.id, ...details },
  });
  await emitEvents(tx, [{ name: "vaultline/access.changed", data: { tenantId, requestId: request.id, change } }]);
}
