import "server-only";
import { eq } from "drizzle-orm";
import { tenants, webhookDeliveries } from "@/db/schema";
import { WEBHOOK_TEST_EVENT } from "@/lib/webhooks";
import { emitEvents, wakeOutboxReader } from "@/server/events/outbox";
import type { TenantScope } from "@/server/scope";

/** One event for one webhook: the body is final (it is what gets signed, sent, and re-sent on redelivery). */
export type QueuedDelivery = { webhookId: string; eventId: string; eventType: string; body: string; redeliveryOf?: string };

/** What every payload says about where it comes from. */
export type WorkspaceRef = { id: string; slug: string; name: string };

/**
 * The JSON every receiver gets: `{ id, type, createdAt, workspace, data }`. `data` holds ids and names only (what the
 * audit log keeps), never a secret.
 */
export function eventBody(event: { id: string; type: string; createdAt: Date; workspace: WorkspaceRef; data: Record<string, unknown> }): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), workspace: event.workspace, data: event.data });
}

export async function workspaceRef(scope: TenantScope): Promise<WorkspaceRef> {
  const [row] = await scope.db.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.id, scope.tenantId));
  return row!;
}

/** The body of "Send test event". */
export async function testEventBody(scope: TenantScope, hook: { id: string; name: string }) {
  const eventId = `evt_test_${crypto.randomUUID()}`;
  const body = eventBody({
    id: eventId,
    type: WEBHOOK_TEST_EVENT,
    createdAt: new Date(),
    workspace: await workspaceRef(scope),
    data: { webhook: { id: hook.id, name: hook.name }, message: "A test event sent from Vaultline's webhook settings." },
  });
  return { eventId, eventType: WEBHOOK_TEST_EVENT, body };
}

/**
 * Stores deliveries and queues one job each, in the caller's transaction (so they exist exactly when the change that
 * caused them commits), and wakes the job engine after the commit. Returns the new deliveries' ids.
 */
export async function queueDeliveries(scope: TenantScope, deliveries: QueuedDelivery[]): Promise<string[]> {
  if (deliveries.length === 0) return [];
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .insert(webhookDeliveries)
    .values(deliveries.map((d) => ({ tenantId, ...d })))
    .returning({ id: webhookDeliveries.id });
  await emitEvents(
    tx,
    rows.map((r) => ({ name: "vaultline/webhook.delivery" as const, data: { tenantId, deliveryId: r.id } })),
  );
  scope.afterCommit(wakeOutboxReader);
  return rows.map((r) => r.id);
}
