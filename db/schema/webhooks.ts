import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import type { WebhookDeliveryStatus, WebhookEventType } from "@/lib/webhooks";
import { timestamps } from "./columns";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/**
 * An endpoint that hears of the tenant's events (issue #15). The signing secret is sealed like a password (bound to
 * this row and field); `auditCursor` is the last sealed audit sequence number already turned into deliveries, so
 * every committed event is offered exactly once, in order.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    ...tenantScoped,
    name: text().notNull(),
    url: text().notNull(),
    events: text().array().$type<WebhookEventType[]>().notNull(),
    signingSecret: text().$type<Sealed>().notNull(),
    enabled: boolean().notNull().default(true),
    /** Why it was turned off by the server (repeated failures), or null. */
    disabledReason: text(),
    consecutiveFailures: integer().notNull().default(0),
    /** When the current run of failed deliveries began (null after a success). */
    failingSince: timestamp({ withTimezone: true }),
    auditCursor: bigint({ mode: "number" }).notNull().default(0),
    createdBy: uuid().notNull(),
    ...timestamps,
  },
  (t) => [...tenantTable(t, "webhooks")],
);

/**
 * One event sent (or to be sent) to one webhook: the exact body that is signed and re-sent on redelivery (ids and
 * names, never a secret), and what the last attempt got back. A redelivery is a new row.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    ...tenantScoped,
    webhookId: uuid().notNull(),
    /** The event's id as the receiver sees it (stable across redeliveries, so a receiver can de-duplicate). */
    eventId: text().notNull(),
    eventType: text().notNull(),
    body: text().notNull(),
    status: text().$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    responseStatus: integer(),
    durationMs: integer(),
    /** The start of the endpoint's answer, or why there was none (refused address, timeout). */
    responseBody: text(),
    error: text(),
    redeliveryOf: uuid(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "webhook_deliveries"),
    sameTenant("webhook_deliveries_webhook_fk", t, t.webhookId, webhooks).onDelete("cascade"),
    index("webhook_deliveries_webhook_idx").on(t.tenantId, t.webhookId, t.createdAt),
    index("webhook_deliveries_pending_idx").on(t.tenantId, t.webhookId).where(sql`status = 'pending'`),
    // The expiry scan looks its earlier events up by id.
    index("webhook_deliveries_event_idx").on(t.tenantId, t.eventId),
  ],
);
