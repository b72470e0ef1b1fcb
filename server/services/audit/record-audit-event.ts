import type { Tx } from "@/db/client";
import type { AuditAction } from "@/lib/audit-actions";
import { auditEvents, type AuditDetails } from "@/db/schema";
import type { TenantScope } from "@/server/scope";

/** Who did something, and from where. */
export type AuditActor = {
  userId: string | null;
  /** An email, "system", "agent:<id>"… kept as text so the trail survives the user's deletion. */
  label: string;
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditEventInput = {
  /** Only codes with a label in lib/audit-actions.ts: the log shows every action in words. */
  action: AuditAction;
  target?: { type: string; id: string };
  /** Names and ids only, never secret values. */
  details?: AuditDetails;
};

/**
 * Appends one event in the caller's transaction, so it commits or rolls back with the change it records. One
 * INSERT and no lock: concurrent writers in a tenant never wait for each other. The sealer (seal-audit-chain.ts)
 * chains it after commit. The INSERT is sent when this is called.
 */
export function recordAuditEvent(tx: Tx, tenantId: string, actor: AuditActor, event: AuditEventInput): Promise<void> {
  // then() sends the INSERT at once, so a caller can send what must follow it without waiting (db/client.ts before()).
  return tx
    .insert(auditEvents)
    .values({
    tenantId,
    at: new Date(),
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 512) ?? null,
    details: event.details ?? {},
    })
    .then(() => undefined);
}

/** Appends one event in the scope's transaction and tenant, as the scope's actor (see recordAuditEvent). */
export function audit(scope: TenantScope, event: AuditEventInput): Promise<void> {
  return recordAuditEvent(scope.db, scope.tenantId, scope.audit, event);
}
