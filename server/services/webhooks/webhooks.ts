import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { webhookEventTypes, zWebhookUrl } from "@/lib/webhooks";
import { newWebhookSigningSecret, openWebhookSigningSecret } from "@/server/crypto";
import { targetHostRefusal } from "@/server/connectors/network-guard";
import { badInput, notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { getTenantSettings } from "../tenants/workspaces";
import { queueDeliveries, testEventBody } from "./delivery-queue";
import { sealedHead } from "./fan-out";

const zWebhookId = z.uuid({ error: "Webhook id is invalid." });

const zWebhookFields = z.object({
  name: z.string({ error: "Name is required." }).trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters."),
  url: zWebhookUrl,
  events: z
    .array(z.enum(webhookEventTypes, { error: `Each event must be one of: ${webhookEventTypes.join(", ")}.` }), {
      error: "Choose at least one event.",
    })
    .min(1, "Choose at least one event.")
    .transform((events) => [...new Set(events)]),
});

export const webhookIdInput = z.object({ webhookId: zWebhookId });
export const createWebhookInput = zWebhookFields;
export const updateWebhookInput = z.object({ webhookId: zWebhookId, ...zWebhookFields.shape });
export const setWebhookEnabledInput = z.object({ webhookId: zWebhookId, enabled: z.boolean({ error: "Enabled must be true or false." }) });
export const deliveriesInput = z.object({
  webhookId: zWebhookId,
  /** The last delivery of the previous page (its creation time), for older ones. */
  before: z.iso.datetime({ offset: true, error: "Cursor is invalid." }).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export const deliveryIdInput = z.object({ deliveryId: z.uuid({ error: "Delivery id is invalid." }) });

/** What lists and forms show of a webhook: never its signing secret. */
const listedColumns = {
  id: webhooks.id,
  name: webhooks.name,
  url: webhooks.url,
  events: webhooks.events,
  enabled: webhooks.enabled,
  disabledReason: webhooks.disabledReason,
  consecutiveFailures: webhooks.consecutiveFailures,
  createdAt: webhooks.createdAt,
  updatedAt: webhooks.updatedAt,
};

/** What the delivery log shows: the outcome of the last attempt (the body stays stored, for redelivery). */
const deliveryColumns = {
  id: webhookDeliveries.id,
  webhookId: webhookDeliveries.webhookId,
  eventId: webhookDeliveries.eventId,
  eventType: webhookDeliveries.eventType,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  responseStatus: webhookDeliveries.responseStatus,
  durationMs: webhookDeliveries.durationMs,
  responseBody: webhookDeliveries.responseBody,
  error: webhookDeliveries.error,
  redeliveryOf: webhookDeliveries.redeliveryOf,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  createdAt: webhookDeliveries.createdAt,
};

async function loadWebhook(scope: TenantScope, webhookId: string) {
  const [row] = await scope.db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, scope.tenantId), eq(webhooks.id, webhookId)));
  if (!row) throw notFound("Webhook");
  return row;
}

/** Refuses an endpoint the delivery would refuse anyway (a private address while the workspace does not allow them). */
async function assertReachable(scope: TenantScope, url: string) {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  const refusal = await targetHostRefusal(host, (await getTenantSettings(scope)).allowPrivateTargets);
  if (refusal) throw badInput("url", refusal);
}

/** The tenant's webhooks, newest first, without their secrets. */
export async function listWebhooks(scope: TenantScope) {
  return scope.db.select(listedColumns).from(webhooks).where(eq(webhooks.tenantId, scope.tenantId)).orderBy(desc(webhooks.createdAt));
}

/**
 * Creates a webhook and returns its signing secret, the only time it is returned unasked. It hears of events sealed
 * from now on, not of the tenant's history.
 */
export async function createWebhook(scope: MemberScope, input: z.infer<typeof createWebhookInput>) {
  const { db: tx, tenantId, member } = scope;
  await assertReachable(scope, input.url);
  const id = crypto.randomUUID();
  const secret = await newWebhookSigningSecret(tx, tenantId, id);
  await tx.insert(webhooks).values({
    tenantId,
    id,
    ...input,
    signingSecret: secret.sealed,
    auditCursor: await sealedHead(scope),
    createdBy: member.userId,
  });
  await audit(scope, { action: "webhook.created", target: { type: "webhook", id }, details: { ...input } });
  return { id, signingSecret: secret.shown };
}

/** Replaces a webhook's name, URL and events; a server-disabled webhook stays off until an admin turns it on. */
export async function updateWebhook(scope: TenantScope, input: z.infer<typeof updateWebhookInput>) {
  const { webhookId, ...fields } = input;
  await loadWebhook(scope, webhookId);
  await assertReachable(scope, fields.url);
  await scope.db
    .update(webhooks)
    .set(fields)
    .where(and(eq(webhooks.tenantId, scope.tenantId), eq(webhooks.id, webhookId)));
  await audit(scope, { action: "webhook.updated", target: { type: "webhook", id: webhookId }, details: { ...fields } });
}

/** Turns a webhook on (clearing its failure count; it hears of events from now on, not of those it missed) or off. */
export async function setWebhookEnabled(scope: TenantScope, input: z.infer<typeof setWebhookEnabledInput>) {
  const hook = await loadWebhook(scope, input.webhookId);
  if (hook.enabled === input.enabled) return;
  await scope.db
    .update(webhooks)
    .set(input.enabled ? { enabled: true, disabledReason: null, consecutiveFailures: 0, failingSince: null, auditCursor: await sealedHead(scope) } : { enabled: false })
    .where(and(eq(webhooks.tenantId, scope.tenantId), eq(webhooks.id, hook.id)));
  await audit(scope, {
    action: input.enabled ? "webhook.enabled" : "webhook.disabled",
    target: { type: "webhook", id: hook.id },
    details: { name: hook.name },
  });
}

/** Deletes a webhook and its delivery log; deliveries still queued find nothing to send. */
export async function deleteWebhook(scope: TenantScope, webhookId: string) {
  const hook = await loadWebhook(scope, webhookId);
  await scope.db.delete(webhooks).where(and(eq(webhooks.tenantId, scope.tenantId), eq(webhooks.id, webhookId)));
  await audit(scope, { action: "webhook.deleted", target: { type: "webhook", id: webhookId }, details: { name: hook.name } });
}

/** The signing secret again, for an admin setting up the receiver; audited. */
export async function revealWebhookSecret(scope: TenantScope, webhookId: string): Promise<{ signingSecret: string }> {
  const hook = await loadWebhook(scope, webhookId);
  const signingSecret = await openWebhookSigningSecret(scope.db, scope.tenantId, hook.id, hook.signingSecret);
  await audit(scope, { action: "webhook.secret_revealed", target: { type: "webhook", id: hook.id }, details: { name: hook.name } });
  return { signingSecret };
}

/** One page of a webhook's delivery log, newest first. */
export async function listDeliveries(scope: TenantScope, input: z.infer<typeof deliveriesInput>) {
  await loadWebhook(scope, input.webhookId);
  const rows = await scope.db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.tenantId, scope.tenantId),
        eq(webhookDeliveries.webhookId, input.webhookId),
        input.before ? lt(webhookDeliveries.createdAt, new Date(input.before)) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextBefore: rows.length > input.limit ? items.at(-1)!.createdAt.toISOString() : null };
}

/** Sends a delivered (or failed) event again, as a new delivery with the same event id and body. */
export async function redeliver(scope: TenantScope, deliveryId: string): Promise<{ deliveryId: string }> {
  const [original] = await scope.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, scope.tenantId), eq(webhookDeliveries.id, deliveryId)));
  if (!original) throw notFound("Delivery");
  const [queued] = await queueDeliveries(scope, [
    { webhookId: original.webhookId, eventId: original.eventId, eventType: original.eventType, body: original.body, redeliveryOf: original.id },
  ]);
  await audit(scope, {
    action: "webhook.redelivered",
    target: { type: "webhook", id: original.webhookId },
    details: { deliveryId: original.id, eventId: original.eventId },
  });
  return { deliveryId: queued! };
}

/** Queues a "webhook.test" event for one webhook (enabled or not: testing an endpoint before turning it on is the point). */
export async function sendTestEvent(scope: TenantScope, webhookId: string): Promise<{ deliveryId: string }> {
  const hook = await loadWebhook(scope, webhookId);
  const test = await testEventBody(scope, hook);
  const [queued] = await queueDeliveries(scope, [{ webhookId: hook.id, ...test }]);
  await audit(scope, { action: "webhook.test_sent", target: { type: "webhook", id: hook.id }, details: { name: hook.name } });
  return { deliveryId: queued! };
}
