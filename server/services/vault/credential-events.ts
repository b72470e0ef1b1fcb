import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationRules } from "@/db/schema";
import type { NotificationEventType } from "@/lib/notification-events";
import { emitEvents } from "@/server/events/outbox";

/**
 * Queues "this happened to a password" for the notification workflow, in the caller's transaction, but only
 * when an enabled rule of the tenant listens for that event type: a reveal in a tenant without rules costs one
 * indexed lookup, not a background job. `detail` is quoted in emails: never a secret.
 */
export async function noteCredentialEvent(
  tx: Tx,
  tenantId: string,
  event: { type: NotificationEventType; credentialId: string; actorUserId: string | null; detail?: string },
): Promise<void> {
  const [listening] = await tx
    .select({ id: notificationRules.id })
    .from(notificationRules)
    .where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.enabled, true), sql`${event.type} = any(${notificationRules.events})`))
    .limit(1);
  if (!listening) return;
  await emitEvents(tx, [{ name: "vaultline/credential.action", data: { tenantId, ...event, occurredAt: new Date().toISOString() } }]);
}
