import type { IntegrityFailure } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "./record-audit-event";

/** Records that a stored secret failed to open: which password and field, and who tried (never a value). */
export function recordIntegrityFailure(scope: TenantScope, failure: IntegrityFailure): Promise<void> {
  return audit(scope, {
    action: "credential.integrity_failed",
    target: { type: "credential", id: failure.credentialId },
    details: { field: failure.secretField },
  });
}
