import "server-only";
import { and, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { credentials, notificationExpiryLog, notificationRules } from "@/db/schema";
import type { CredentialEventType } from "@/lib/notification-events";
import { withTenantScope } from "@/server/scope";
import { deliverToRules, NOTIFICATIONS, type DeliverySummary } from "./deliver";

const DAY = 86_400_000;

export type ExpiryScanSummary = DeliverySummary & { expiring: number; expired: number };

/**
 * The daily expiry scan of one tenant. For every enabled rule with "expiring" (N days ahead) or "expired", finds
 * the credentials in its scope (not deleted) whose expiry falls in the window, and notifies each once per rule,
 * credential, event type and expiry date: the log row is written first (unique), so a second scan — or a
 * concurrent one — announces nothing twice. A new expiry date (the password changed) is announced again.
 */
export async function scanExpiringCredentials(tenantId: string, now: Date): Promise<ExpiryScanSummary> {
  const fresh = await withTenantScope(tenantId, NOTIFICATIONS, async ({ db: tx }) => {
    const rules = await tx
      .select()
      .from(notificationRules)
      .where(
        and(
          eq(notificationRules.tenantId, tenantId),
          eq(notificationRules.enabled, true),
          sql`${notificationRules.events} && array['expiring','expired']::text[]`,
        ),
      );
    const announced: { ruleId: string; credentialId: string; eventType: CredentialEventType }[] = [];
    for (const rule of rules) {
      for (const type of ["expiring", "expired"] as const) {
        if (!rule.events.includes(type)) continue;
        if (type === "expiring" && !rule.expiringDays) continue;
        const window =
          type === "expiring"
            ? and(gt(credentials.expiresAt, now), lte(credentials.expiresAt, new Date(now.getTime() + rule.expiringDays! * DAY)))
            : lte(credentials.expiresAt, now);
        const due = await tx
          .select({ id: credentials.id, expiresAt: credentials.expiresAt })
          .from(credentials)
          .where(
            and(
              eq(credentials.tenantId, tenantId),
              isNull(credentials.deletedAt),
              isNotNull(credentials.expiresAt),
              window,
              rule.customerId ? eq(credentials.customerId, rule.customerId) : undefined,
            ),
          );
        if (due.length === 0) continue;
        const logged = await tx
          .insert(notificationExpiryLog)
          .values(due.map((c) => ({ tenantId, ruleId: rule.id, credentialId: c.id, eventType: type, expiresAt: c.expiresAt! })))
          .onConflictDoNothing()
          .returning({ ruleId: notificationExpiryLog.ruleId, credentialId: notificationExpiryLog.credentialId, eventType: notificationExpiryLog.eventType });
        announced.push(...logged);
      }
    }
    return announced;
  });

  // One delivery per credential and type, to the union of the rules that announced it (an address hears once).
  const groups = new Map<string, { credentialId: string; type: CredentialEventType; ruleIds: string[] }>();
  for (const a of fresh) {
    const key = `${a.credentialId}:${a.eventType}`;
    const group = groups.get(key) ?? { credentialId: a.credentialId, type: a.eventType, ruleIds: [] };
    group.ruleIds.push(a.ruleId);
    groups.set(key, group);
  }
  const summary: ExpiryScanSummary = { sent: 0, queued: 0, expiring: 0, expired: 0 };
  for (const g of groups.values()) {
    const result = await deliverToRules(
      tenantId,
      { type: g.type, credentialId: g.credentialId, actorUserId: null, occurredAt: now.toISOString() },
      g.ruleIds,
    );
    summary.sent += result.sent;
    summary.queued += result.queued;
    if (g.type === "expiring") summary.expiring += 1;
    else summary.expired += 1;
  }
  return summary;
}
