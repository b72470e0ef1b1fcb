import { desc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { auditEvents, type AuditDetails } from "@/db/schema";
import { auditHash, GENESIS_HASH } from "./chain";

/** Who did something, and from where. */
export type AuditActor = {
  userId: string | null;
  /** An email, "system", "agent:<id>"… kept as text so the trail survives the user's deletion. */
  label: string;
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditEventInput = {
  action: string;
  target?: { type: string; id: string };
  /** Names and ids only, never secret values. */
  details?: AuditDetails;
};

/**
 * Appends one event to the tenant's hash chain, in the caller's transaction so the event commits or rolls back
 * with the change it records. A per-tenant advisory lock orders concurrent writers.
 */
export async function recordAuditEvent(
  tx: Tx,
  tenantId: string,
  actor: AuditActor,
  event: AuditEventInput,
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${tenantId}::text, 7))`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.tenantId, tenantId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const fields = {
    tenantId,
    seq: (last?.seq ?? 0) + 1,
    at: new Date(),
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 512) ?? null,
    details: event.details ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditEvents).values({ ...fields, hash: auditHash(fields) });
}
