import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { CredentialEventType, NotificationEventType, NotificationPreferenceChoice } from "@/lib/notification-events";
import { timestamps } from "./columns";
import { credentials } from "./credentials";
import { customers, devices } from "./entities";
import { memberships } from "./memberships";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

export const notificationDelivery = pgEnum("notification_delivery", ["immediate", "digest"]);

/**
 * Who hears about what: event types, a scope (the whole tenant, or one customer when customer_id is set) and
 * recipients. Member and group ids are arrays checked by the service when the rule is saved; at delivery only
 * active members are resolved, so a removed member or group simply drops out.
 */
export const notificationRules = pgTable(
  "notification_rules",
  {
    ...tenantScoped,
    name: text().notNull(),
    events: text().array().$type<NotificationEventType[]>().notNull(),
    /** For "expiring": notify this many days before the expiry date. */
    expiringDays: integer(),
    /** Null: every customer of the tenant. */
    customerId: uuid(),
    /** The credential's owner (the member who created it). */
    notifyOwner: boolean().notNull().default(false),
    memberUserIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    groupIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    extraEmails: text().array().notNull().default(sql`'{}'::text[]`),
    delivery: notificationDelivery().notNull().default("immediate"),
    enabled: boolean().notNull().default(true),
    createdBy: uuid().notNull(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "notification_rules"),
    sameTenant("notification_rules_customer_fk", t, t.customerId, customers).onDelete("cascade"),
    check("notification_rules_expiring_days", sql`${t.expiringDays} is null or ${t.expiringDays} between 1 and 365`),
    index("notification_rules_tenant_idx").on(t.tenantId),
  ],
);

/**
 * A member's own say over the mail rules send them, per event type: "immediate", "digest" or "off"; a type
 * not listed follows the rule. One row per member of the tenant.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    ...tenantScoped,
    userId: uuid().notNull(),
    events: jsonb().$type<Partial<Record<NotificationEventType, Exclude<NotificationPreferenceChoice, "rule">>>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "notification_preferences"),
    foreignKey({
      name: "notification_preferences_membership_fk",
      columns: [t.tenantId, t.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
    }).onDelete("cascade"),
    uniqueIndex("notification_preferences_tenant_user_key").on(t.tenantId, t.userId),
  ],
);

/**
 * Events waiting for a recipient's daily digest, each about one password or one device (exactly one of the two
 * is set). The summary names the password or device, never a secret.
 */
export const notificationDigestItems = pgTable(
  "notification_digest_items",
  {
    ...tenantScoped,
    email: text().notNull(),
    /** The member behind the address, when it is one. */
    userId: uuid(),
    eventType: text().$type<NotificationEventType>().notNull(),
    credentialId: uuid(),
    /** Set for device events (agent offline) instead of credentialId. */
    deviceId: uuid(),
    /** Set for member events (bulk reveal) instead: the member it is about. */
    membershipId: uuid(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    summary: text().notNull(),
    /** A link to the password's or device's page. */
    url: text().notNull().default(""),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(t, "notification_digest_items"),
    sameTenant("notification_digest_items_credential_fk", t, t.credentialId, credentials).onDelete("cascade"),
    sameTenant("notification_digest_items_device_fk", t, t.deviceId, devices).onDelete("cascade"),
    sameTenant("notification_digest_items_membership_fk", t, t.membershipId, memberships).onDelete("cascade"),
    check("notification_digest_items_subject", sql`num_nonnulls(${t.credentialId}, ${t.deviceId}, ${t.membershipId}) = 1`),
    index("notification_digest_items_unsent_idx").on(t.tenantId, t.email).where(sql`sent_at is null`),
  ],
);

/** What the daily expiry scan already announced: once per rule, credential, event type and expiry date. */
export const notificationExpiryLog = pgTable(
  "notification_expiry_log",
  {
    ...tenantScoped,
    ruleId: uuid().notNull(),
    credentialId: uuid().notNull(),
    eventType: text().$type<CredentialEventType>().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(t, "notification_expiry_log"),
    sameTenant("notification_expiry_log_rule_fk", t, t.ruleId, notificationRules).onDelete("cascade"),
    sameTenant("notification_expiry_log_credential_fk", t, t.credentialId, credentials).onDelete("cascade"),
    uniqueIndex("notification_expiry_log_key").on(t.tenantId, t.ruleId, t.credentialId, t.eventType, t.expiresAt),
  ],
);
