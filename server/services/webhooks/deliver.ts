import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { memberships, users, webhookDeliveries, webhooks } from "@/db/schema";
import { WEBHOOK_DISABLE_AFTER_FAILING_MS, WEBHOOK_DISABLE_AFTER_FAILURES, WEBHOOK_RESPONSE_KEEP_CHARS, WEBHOOK_TEST_EVENT } from "@/lib/webhooks";
import { webhookSignature } from "@/server/crypto";
import { appUrl, sendTenantEmail } from "@/server/email/send-email";
import { webhookDisabledEmail } from "@/server/email/webhook-templates";
import { ExternalFailure } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { getTenantSettings } from "../tenants/workspaces";
import { WEBHOOKS_ACTOR } from "./fan-out";
import { postToEndpoint, type EndpointAnswer } from "./post-to-endpoint";

type Outcome = { status: "succeeded" | "skipped"; responseStatus?: number };

async function loadDelivery(scope: TenantScope, deliveryId: string) {
  const [row] = await scope.db
    .select({ delivery: webhookDeliveries, hook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, and(eq(webhooks.tenantId, webhookDeliveries.tenantId), eq(webhooks.id, webhookDeliveries.webhookId)))
    .where(and(eq(webhookDeliveries.tenantId, scope.tenantId), eq(webhookDeliveries.id, deliveryId)));
  return row ?? null;
}

/** An event the server offered on its own (not a test or a redelivery an admin asked for) is not sent by a webhook that is off. */
const sentOnlyWhileEnabled = (delivery: typeof webhookDeliveries.$inferSelect) => delivery.eventType !== WEBHOOK_TEST_EVENT && !delivery.redeliveryOf;

/**
 * One attempt of a delivery (a job step): signs the stored body with the webhook's secret at this moment, POSTs it
 * through the outbound guard, and records the attempt (status, duration, the start of the answer). A 2xx answer
 * completes it and clears the webhook's failure count; anything else throws an ExternalFailure so the job engine
 * retries with backoff, except a refused address, which retrying cannot fix. A delivery of a deleted webhook, or of
 * one turned off since, is skipped.
 */
export async function attemptDelivery(tenantId: string, deliveryId: string): Promise<Outcome> {
  const prepared = await withTenantScope(tenantId, WEBHOOKS_ACTOR, async (scope) => {
    const row = await loadDelivery(scope, deliveryId);
    if (!row || row.delivery.status !== "pending") return null;
    if (!row.hook.enabled && sentOnlyWhileEnabled(row.delivery)) {
      await scope.db
        .update(webhookDeliveries)
        .set({ status: "cancelled", error: "The webhook was turned off before this event was delivered." })
        .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
      return null;
    }
    const at = new Date();
    const signature = await webhookSignature(scope.db, tenantId, row.hook.id, row.hook.signingSecret, row.delivery.body, at);
    return { ...row, signature, allowPrivate: (await getTenantSettings(scope)).allowPrivateTargets };
  });
  if (!prepared) return { status: "skipped" };
  const { delivery, hook } = prepared;

  let answer: EndpointAnswer;
  let retryable = true;
  try {
    answer = await postToEndpoint(
      hook.url,
      delivery.body,
      prepared.signature,
      { "Vaultline-Event-Id": delivery.eventId, "Vaultline-Event-Type": delivery.eventType },
      prepared.allowPrivate,
    );
  } catch (error) {
    // The guard refused the address (or the name does not exist): nothing was sent.
    retryable = error instanceof ExternalFailure && error.retryable;
    answer = { status: null, body: error instanceof Error ? error.message : String(error), durationMs: 0 };
  }
  const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
  const error = ok ? null : answer.status === null ? answer.body : `The endpoint answered ${answer.status}.`;
  await withTenantScope(tenantId, WEBHOOKS_ACTOR, async (scope) => {
    await scope.db
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        responseStatus: answer.status,
        durationMs: answer.durationMs,
        responseBody: answer.body.slice(0, WEBHOOK_RESPONSE_KEEP_CHARS),
        error,
        lastAttemptAt: new Date(),
        ...(ok ? { status: "succeeded" as const } : {}),
      })
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
    if (ok) {
      await scope.db
        .update(webhooks)
        .set({ consecutiveFailures: 0, failingSince: null })
        .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, hook.id)));
    }
  });
  if (!ok) throw new ExternalFailure(`Webhook delivery failed: ${error}`, retryable);
  return { status: "succeeded", responseStatus: answer.status! };
}

/**
 * A delivery whose attempts are spent: marks it failed and counts it against its webhook. The webhook is turned off
 * after WEBHOOK_DISABLE_AFTER_FAILURES failed deliveries in a row, or two or more in a row spanning over 24 hours (a
 * success in between resets both), the change is audited, and the workspace's owners and admins get an email.
 */
export async function giveUpDelivery(tenantId: string, deliveryId: string): Promise<{ disabled: boolean }> {
  return withTenantScope(tenantId, WEBHOOKS_ACTOR, async (scope) => {
    const row = await loadDelivery(scope, deliveryId);
    if (!row || row.delivery.status !== "pending") return { disabled: false };
    await scope.db
      .update(webhookDeliveries)
      .set({ status: "failed" })
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
    const [hook] = await scope.db
      .update(webhooks)
      .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`, failingSince: sql`coalesce(${webhooks.failingSince}, now())` })
      .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, row.hook.id)))
      .returning();
    const failingLong = hook !== undefined && hook.consecutiveFailures >= 2 && hook.failingSince!.getTime() <= Date.now() - WEBHOOK_DISABLE_AFTER_FAILING_MS;
    if (!hook || !hook.enabled || (hook.consecutiveFailures < WEBHOOK_DISABLE_AFTER_FAILURES && !failingLong)) return { disabled: false };
    const reason = `Turned off after ${hook.consecutiveFailures} failed deliveries in a row${failingLong ? ", failing for over 24 hours" : ""}.`;
    await scope.db
      .update(webhooks)
      .set({ enabled: false, disabledReason: reason })
      .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, hook.id)));
    await audit(scope, {
      action: "webhook.auto_disabled",
      target: { type: "webhook", id: hook.id },
      details: { name: hook.name, failures: hook.consecutiveFailures },
    });
    const settings = await getTenantSettings(scope);
    const admins = await scope.db
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active"), inArray(memberships.role, ["owner", "admin"])));
    const email = webhookDisabledEmail({
      tenantName: settings.name,
      name: hook.name,
      url: hook.url,
      failures: hook.consecutiveFailures,
      lastError: row.delivery.error ?? "unknown",
      at: new Date(),
      settingsUrl: `${appUrl()}/${settings.slug}/settings/webhooks`,
    });
    // Mail after the commit, so no transaction waits on Resend.
    scope.afterCommit(async () => {
      for (const { email: to } of admins) await sendTenantEmail(tenantId, to, email);
    });
    return { disabled: true };
  });
}
