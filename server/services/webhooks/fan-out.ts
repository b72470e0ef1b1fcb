import "server-only";
import { and, asc, eq, gt, inArray, lt, max } from "drizzle-orm";
import { auditEvents, auditSeals, credentials, customers, devices, webhooks } from "@/db/schema";
import { auditActionLabel } from "@/lib/audit-actions";
import { webhookEventTypeOf, type WebhookEventType } from "@/lib/webhooks";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { tenantsWithWorkDue } from "../tenants/directory";
import { eventBody, queueDeliveries, workspaceRef, type QueuedDelivery } from "./delivery-queue";

/** Who queues webhook deliveries: it records no audit events of its own. */
export const WEBHOOKS_ACTOR = { userId: null, label: "webhooks" };

const BATCH = 500;

type SealedEvent = Awaited<ReturnType<typeof sealedEventsAfter>>[number];

/**
 * Audit events in chain order after `seq`. Only sealed events: the chain is the committed, ordered history of the
 * tenant, so a cursor over its sequence numbers offers every event exactly once, even when writers commit out of
 * id order.
 */
function sealedEventsAfter(scope: TenantScope, seq: number) {
  return scope.db
    .select({
      seq: auditSeals.seq,
      id: auditEvents.id,
      at: auditEvents.at,
      actorUserId: auditEvents.actorUserId,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      details: auditEvents.details,
    })
    .from(auditSeals)
    .innerJoin(auditEvents, and(eq(auditEvents.tenantId, auditSeals.tenantId), eq(auditEvents.id, auditSeals.eventId)))
    .where(and(eq(auditSeals.tenantId, scope.tenantId), gt(auditSeals.seq, seq)))
    .orderBy(asc(auditSeals.seq))
    .limit(BATCH);
}

const isUuid = (value: string | null): value is string => value !== null && /^[0-9a-f-]{36}$/i.test(value);

/** Names of the passwords and devices the events are about (deleted ones included), with their customer. */
async function targetNames(scope: TenantScope, events: SealedEvent[]) {
  const { db: tx, tenantId } = scope;
  const ids = (type: string) => [...new Set(events.filter((e) => e.targetType === type).map((e) => e.targetId).filter(isUuid))];
  const [credentialIds, deviceIds] = [ids("credential"), ids("device")];
  const [credentialRows, deviceRows] = await Promise.all([
    credentialIds.length
      ? tx
          .select({ id: credentials.id, name: credentials.name, customerId: customers.id, customerName: customers.name })
          .from(credentials)
          .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
          .where(and(eq(credentials.tenantId, tenantId), inArray(credentials.id, credentialIds)))
      : [],
    deviceIds.length
      ? tx
          .select({ id: devices.id, name: devices.name, customerId: customers.id, customerName: customers.name })
          .from(devices)
          .innerJoin(customers, and(eq(customers.tenantId, devices.tenantId), eq(customers.id, devices.customerId)))
          .where(and(eq(devices.tenantId, tenantId), inArray(devices.id, deviceIds)))
      : [],
  ]);
  return new Map([...credentialRows, ...deviceRows].map(({ id, ...names }) => [id, names]));
}

/** The type a webhook receives an event as: its specific type when subscribed, else "audit.event" when subscribed. */
function typeFor(events: WebhookEventType[], action: string): WebhookEventType | null {
  const specific = webhookEventTypeOf(action);
  if (specific && events.includes(specific)) return specific;
  return events.includes("audit.event") ? "audit.event" : null;
}

/**
 * Turns the tenant's newly sealed audit events into deliveries for its enabled webhooks, and moves each webhook's
 * cursor past them, in one transaction (the webhooks' rows are locked, so two runners cannot offer an event twice).
 * Payloads carry what the audit log keeps (ids, names, the actor's label), never a secret. Returns how many
 * deliveries it queued.
 */
export async function fanOutWebhookEvents(tenantId: string): Promise<number> {
  return withTenantScope(tenantId, WEBHOOKS_ACTOR, async (scope) => {
    let queued = 0;
    for (;;) {
      const hooks = await scope.db
        .select({ id: webhooks.id, events: webhooks.events, cursor: webhooks.auditCursor })
        .from(webhooks)
        .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.enabled, true)))
        .for("update");
      if (hooks.length === 0) return queued;
      const events = await sealedEventsAfter(scope, Math.min(...hooks.map((h) => h.cursor)));
      if (events.length === 0) return queued;
      const [names, workspace] = await Promise.all([targetNames(scope, events), workspaceRef(scope)]);
      const deliveries: QueuedDelivery[] = [];
      for (const event of events) {
        const target = event.targetType ? { type: event.targetType, id: event.targetId, ...names.get(event.targetId ?? "") } : null;
        const data = {
          action: event.action,
          actionLabel: auditActionLabel(event.action),
          actor: { userId: event.actorUserId, label: event.actorLabel },
          target,
          details: event.details,
        };
        for (const hook of hooks) {
          const type = event.seq > hook.cursor ? typeFor(hook.events, event.action) : null;
          if (!type) continue;
          const eventId = `evt_${event.id}`;
          deliveries.push({ webhookId: hook.id, eventId, eventType: type, body: eventBody({ id: eventId, type, createdAt: event.at, workspace, data }) });
        }
      }
      queued += (await queueDeliveries(scope, deliveries)).length;
      const last = events.at(-1)!.seq;
      await scope.db
        .update(webhooks)
        .set({ auditCursor: last })
        .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.enabled, true), lt(webhooks.auditCursor, last)));
      if (events.length < BATCH) return queued;
    }
  });
}

/** The tenant's last sealed sequence number: where a webhook that starts listening now begins. */
export async function sealedHead(scope: TenantScope): Promise<number> {
  const [row] = await scope.db.select({ seq: max(auditSeals.seq) }).from(auditSeals).where(eq(auditSeals.tenantId, scope.tenantId));
  return Number(row?.seq ?? 0);
}

/**
 * Offers new events to the webhooks of every tenant whose chain was sealed since `since` (the job passes a window of
 * several rounds, so a round that failed for a tenant is caught up by the next). One tenant that fails does not stop
 * the others; the error is thrown at the end, so the job retries (finished tenants have moved their cursors, so they
 * queue nothing twice).
 */
export async function fanOutRecentlySealed(since: Date): Promise<number> {
  let queued = 0;
  const failures: string[] = [];
  for (const tenantId of await tenantsWithWorkDue("vaultline_tenants_sealed_since", since)) {
    try {
      queued += await fanOutWebhookEvents(tenantId);
    } catch (error) {
      failures.push(`${tenantId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length) throw new Error(`Could not queue webhook deliveries for ${failures.length} workspace(s): ${failures.join("; ")}`);
  return queued;
}
