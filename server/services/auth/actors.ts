import { and, eq } from "drizzle-orm";
import { enterTenant, type Tx } from "@/db/client";
import { memberships } from "@/db/schema";
import type { RequestMeta } from "@/server/request-meta";
import { recordAuditEvent, type AuditActor, type AuditEventInput } from "../audit/record-audit-event";

export function actorOf(user: { id: string; email: string }, meta: RequestMeta): AuditActor {
  return { userId: user.id, label: user.email, ip: meta.ip, userAgent: meta.userAgent };
}

/** Active tenants of a user; the transaction must be a withUser(userId) one (RLS shows own memberships). */
export async function activeTenantIds(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ tenantId: memberships.tenantId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.status, "active")));
  return rows.map((r) => r.tenantId);
}

/**
 * Records an account-level event (login, 2FA change…) in the trail of every tenant the user is active in,
 * so each MSP's admins see what happened to their members. Runs in a withUser(userId) transaction.
 */
export async function recordAccountEvent(tx: Tx, userId: string, actor: AuditActor, event: AuditEventInput) {
  const tenantIds = await activeTenantIds(tx, userId);
  for (const tenantId of tenantIds) {
    await enterTenant(tx, tenantId);
    await recordAuditEvent(tx, tenantId, actor, event);
  }
  return tenantIds;
}
