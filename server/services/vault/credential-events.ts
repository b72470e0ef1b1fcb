import "server-only";
import { and, eq, sql, type Placeholder } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationRules } from "@/db/schema";
import type { NotificationEventType } from "@/lib/notification-events";
import { emitEvents } from "@/server/events/outbox";
import type { TenantScope } from "@/server/scope";

type CredentialEvent = { type: NotificationEventType; credentialId: string; actorUserId: string | null; detail?: string };

/** The query "does an enabled rule of the tenant listen for this event type?" (a row when one does). */
export function ruleListeningFor(tx: Tx, tenantId: string | Placeholder, type: NotificationEventType | Placeholder) {
  return tx
    .select({ id: notificationRules.id })
    .from(notificationRules)
    .where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.enabled, true), sql`${type} = any(${notificationRules.events})`))
    .limit(1);
}

/** Queues the event for the notification workflow, in the caller's transaction (see noteCredentialEvent). */
export function queueCredentialEvent(tx: Tx, tenantId: string, event: CredentialEvent): Promise<void> {
  return emitEvents(tx, [{ name: "vaultline/credential.action", data: { tenantId, ...event, occurredAt: new Date().toISOString() } }]);
}

/**
 * Queues "this happened to a password" for the notification workflow, in the caller's transaction, but only
 * when an enabled rule of the tenant listens for that event type: a change in a tenant without rules costs one
 * indexed lookup, not a background job. `detail` is quoted in emails: never a secret.
 */
export async function noteCredentialEvent(scope: TenantScope, event: CredentialEvent): Promise<void> {
  const { db: tx, tenantId } = scope;
  const [listening] = await ruleListeningFor(tx, tenantId, event.type);
  if (listening) await queueCredentialEvent(tx, tenantId, event);
}
