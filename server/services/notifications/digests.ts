import "server-only";
import { and, eq, isNull, lte } from "drizzle-orm";
import { notificationDigestItems, tenants } from "@/db/schema";
import { digestEmail, type DigestEntry } from "@/server/email/notification-templates";
import { sendTenantEmail } from "@/server/email/send-email";
import { withTenantScope } from "@/server/scope";
import { NOTIFICATIONS } from "./deliver";

/**
 * Sends each recipient one email with every digest item queued for them up to `now`, grouped by event type.
 * The items are claimed (marked sent) in one transaction before any mail goes out, so a second run — or one
 * running at the same time on another instance — finds nothing left to send. Returns how many emails and items.
 */
export async function sendDailyDigests(tenantId: string, now: Date): Promise<{ emails: number; items: number }> {
  const claimed = await withTenantScope(tenantId, NOTIFICATIONS, async ({ db: tx }) => {
    const items = await tx
      .update(notificationDigestItems)
      .set({ sentAt: now })
      .where(
        and(
          eq(notificationDigestItems.tenantId, tenantId),
          isNull(notificationDigestItems.sentAt),
          lte(notificationDigestItems.createdAt, now),
        ),
      )
      .returning({
        email: notificationDigestItems.email,
        eventType: notificationDigestItems.eventType,
        summary: notificationDigestItems.summary,
        url: notificationDigestItems.url,
        occurredAt: notificationDigestItems.occurredAt,
      });
    if (items.length === 0) return null;
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
    return { items, tenantName: tenant?.name ?? "Vaultline" };
  });
  if (!claimed) return { emails: 0, items: 0 };
  const byRecipient = new Map<string, DigestEntry[]>();
  for (const item of claimed.items) {
    const entries = byRecipient.get(item.email) ?? [];
    entries.push({ type: item.eventType, summary: item.summary, url: item.url, occurredAt: item.occurredAt });
    byRecipient.set(item.email, entries);
  }
  for (const [to, entries] of byRecipient) {
    await sendTenantEmail(tenantId, to, digestEmail({ tenantName: claimed.tenantName, date: now, entries }));
  }
  return { emails: byRecipient.size, items: claimed.items.length };
}
