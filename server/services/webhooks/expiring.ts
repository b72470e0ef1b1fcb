import "server-only";
import { and, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { credentials, customers, webhookDeliveries, webhooks } from "@/db/schema";
import { WEBHOOK_EXPIRING_DAYS } from "@/lib/webhooks";
import { withTenantScope } from "@/server/scope";
import { eventBody, queueDeliveries, workspaceRef, type QueuedDelivery } from "./delivery-queue";
import { WEBHOOKS_ACTOR } from "./fan-out";

const DAY_MS = 24 * 60 * 60_000;

/**
 * The daily "password.expiring" events (expiry is a date passing, not an action, so the audit trail has no event for
 * it): every password that expires within WEBHOOK_EXPIRING_DAYS, once per webhook and expiry date. The event id names
 * the password and its expiry date, so a second scan the same day (or the next) finds the delivery and adds none, and
 * a new expiry date is a new event. Returns how many deliveries it queued.
 */
export async function queueExpiringWebhookEvents(tenantId: string, now: Date): Promise<number> {
  return withTenantScope(tenantId, WEBHOOKS_ACTOR, async (scope) => {
    const { db: tx } = scope;
    const hooks = await tx
      .select({ id: webhooks.id })
      .from(webhooks)
      .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.enabled, true), sql`'password.expiring' = any(${webhooks.events})`));
    if (hooks.length === 0) return 0;
    const expiring = await tx
      .select({ id: credentials.id, name: credentials.name, expiresAt: credentials.expiresAt, customerId: customers.id, customerName: customers.name })
      .from(credentials)
      .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
      .where(
        and(
          eq(credentials.tenantId, tenantId),
          isNull(credentials.deletedAt),
          gt(credentials.expiresAt, now),
          lte(credentials.expiresAt, new Date(now.getTime() + WEBHOOK_EXPIRING_DAYS * DAY_MS)),
        ),
      );
    if (expiring.length === 0) return 0;
    const eventIdOf = (c: (typeof expiring)[number]) => `evt_expiring_${c.id}_${c.expiresAt!.toISOString().slice(0, 10)}`;
    const sent = await tx
      .select({ webhookId: webhookDeliveries.webhookId, eventId: webhookDeliveries.eventId })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, tenantId), inArray(webhookDeliveries.eventId, expiring.map(eventIdOf))));
    const already = new Set(sent.map((s) => `${s.webhookId} ${s.eventId}`));
    const workspace = await workspaceRef(scope);
    const deliveries: QueuedDelivery[] = [];
    for (const credential of expiring) {
      const eventId = eventIdOf(credential);
      const { id, name, customerId, customerName, expiresAt } = credential;
      const body = eventBody({
        id: eventId,
        type: "password.expiring",
        createdAt: now,
        workspace,
        data: { target: { type: "credential", id, name, customerId, customerName }, expiresAt: expiresAt!.toISOString() },
      });
      for (const hook of hooks) {
        if (!already.has(`${hook.id} ${eventId}`)) deliveries.push({ webhookId: hook.id, eventId, eventType: "password.expiring", body });
      }
    }
    return (await queueDeliveries(scope, deliveries)).length;
  });
}
