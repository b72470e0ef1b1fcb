import "server-only";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
  contacts,
  credentials,
  customers,
  defaultTenantSettings,
  devices,
  memberships,
  notificationDigestItems,
  notificationRules,
  tenants,
  userGroupMembers,
  users,
} from "@/db/schema";
import { credentialEventTypes, type NotificationDelivery } from "@/lib/notification-events";
import { credentialEventEmail, digestLine, type NotificationFacts } from "@/server/email/notification-templates";
import { appUrl, sendTenantEmail } from "@/server/email/send-email";
import type { TenantEmail } from "@/server/email/compose";
import { withTenantScope, type TenantScope } from "@/server/scope";
import type { AuditActor } from "../audit/record-audit-event";
import type { NotificationEventType } from "./event-types";
import { preferencesOf } from "./preferences";

/** An event about one credential, as the job engine hands it over: ids and names, never a secret. */
export const zCredentialEvent = z.object({
  type: z.enum(credentialEventTypes, { error: `Event type must be one of: ${credentialEventTypes.join(", ")}.` }),
  credentialId: z.uuid(),
  actorUserId: z.uuid().nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The target's error text (rotation failed, not working) or the violated rule; never a secret. */
  detail: z.string().max(2000).optional(),
});
export type CredentialEvent = z.input<typeof zCredentialEvent>;
export type DeliverySummary = { sent: number; queued: number };

export type Recipient = { email: string; userId: string | null; delivery: NotificationDelivery };
type Rule = typeof notificationRules.$inferSelect;

/** The password, its place and the tenant: what a notification may say. Deleted (restorable) ones included. */
async function loadFacts(scope: TenantScope, event: z.output<typeof zCredentialEvent>) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({
      id: credentials.id,
      name: credentials.name,
      username: credentials.username,
      customerId: credentials.customerId,
      contactId: credentials.contactId,
      deviceId: credentials.deviceId,
      createdBy: credentials.createdBy,
      deletedAt: credentials.deletedAt,
      expiresAt: credentials.expiresAt,
      customerName: customers.name,
      contactName: contacts.name,
      deviceName: devices.name,
      tenantName: tenants.name,
      slug: tenants.slug,
      settings: tenants.settings,
    })
    .from(credentials)
    .innerJoin(tenants, eq(tenants.id, credentials.tenantId))
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(contacts, and(eq(contacts.tenantId, credentials.tenantId), eq(contacts.id, credentials.contactId)))
    .leftJoin(devices, and(eq(devices.tenantId, credentials.tenantId), eq(devices.id, credentials.deviceId)))
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, event.credentialId)));
  if (!row) return null;
  let actor: string | null = null;
  if (event.actorUserId) {
    const [user] = await tx
      .select({ name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, event.actorUserId)));
    actor = user ? `${user.name} <${user.email}>` : "A former member";
  }
  const base = `${appUrl()}/${row.slug}`;
  const url = row.deletedAt
    ? `${base}/trash`
    : row.deviceId
      ? `${base}/devices/${row.deviceId}`
      : row.contactId
        ? `${base}/contacts/${row.contactId}`
        : `${base}/customers/${row.customerId}`;
  const facts: NotificationFacts = {
    tenantName: row.tenantName,
    terminology: { ...defaultTenantSettings, ...row.settings }.terminology,
    type: event.type,
    credentialName: row.name,
    username: row.username,
    customerName: row.customerName,
    contactName: row.contactName,
    deviceName: row.deviceName,
    actor,
    occurredAt: new Date(event.occurredAt),
    expiresAt: row.expiresAt,
    detail: event.detail?.trim().slice(0, 500) || null,
    url,
  };
  return { facts, customerId: row.customerId, ownerUserId: row.createdBy };
}

/**
 * Enabled rules for this event type that cover the subject's customer (workspace-wide rules included); for a
 * subject of no one customer (a member's bulk reveal), workspace-wide rules only.
 */
async function matchingRules(scope: TenantScope, type: NotificationEventType, customerId: string | null, onlyRuleIds: string[] | null) {
  const { db: tx, tenantId } = scope;
  if (onlyRuleIds && onlyRuleIds.length === 0) return [];
  return tx
    .select()
    .from(notificationRules)
    .where(
      and(
        eq(notificationRules.tenantId, tenantId),
        eq(notificationRules.enabled, true),
        sql`${type} = any(${notificationRules.events})`,
        customerId === null
          ? isNull(notificationRules.customerId)
          : or(isNull(notificationRules.customerId), eq(notificationRules.customerId, customerId)),
        onlyRuleIds ? inArray(notificationRules.id, onlyRuleIds) : undefined,
      ),
    );
}

/**
 * Who the rules name, one entry per address: the owner (when the subject has one), members and group members
 * (active members only), and extra addresses (tied to a member when one has that address, so their preferences
 * apply). An address named by several rules gets the event once, immediately if any of them says so. The member
 * who acted is left out.
 */
async function resolveRecipients(scope: TenantScope, rules: Rule[], ownerUserId: string | null, actorUserId: string | null) {
  const { db: tx, tenantId } = scope;
  const byAddress = new Map<string, Recipient>();
  const add = (email: string, userId: string | null, delivery: NotificationDelivery) => {
    const key = email.toLowerCase();
    const known = byAddress.get(key);
    if (!known) byAddress.set(key, { email: key, userId, delivery });
    else {
      if (delivery === "immediate") known.delivery = "immediate";
      known.userId ??= userId;
    }
  };
  const activeMembers = (where: ReturnType<typeof and>) =>
    tx
      .select({ userId: users.id, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active"), where));

  for (const rule of rules) {
    const userIds = [...rule.memberUserIds, ...(rule.notifyOwner && ownerUserId ? [ownerUserId] : [])];
    if (userIds.length) {
      for (const m of await activeMembers(inArray(memberships.userId, userIds))) add(m.email, m.userId, rule.delivery);
    }
    if (rule.groupIds.length) {
      const inGroups = tx
        .select({ membershipId: userGroupMembers.membershipId })
        .from(userGroupMembers)
        .where(and(eq(userGroupMembers.tenantId, tenantId), inArray(userGroupMembers.groupId, rule.groupIds)));
      for (const m of await activeMembers(inArray(memberships.id, inGroups))) add(m.email, m.userId, rule.delivery);
    }
    for (const email of rule.extraEmails) add(email, null, rule.delivery);
  }
  const anonymous = [...byAddress.values()].filter((r) => r.userId === null).map((r) => r.email);
  if (anonymous.length) {
    for (const m of await activeMembers(inArray(users.email, anonymous))) byAddress.get(m.email.toLowerCase())!.userId = m.userId;
  }
  return [...byAddress.values()].filter((r) => !actorUserId || r.userId !== actorUserId);
}

/**
 * Who hears about an event, and how: the recipients of the enabled rules for its type that cover the customer
 * (all of them, or only `onlyRuleIds`), split by each member's preference for that type into immediate mail and
 * digest items; "off" drops the recipient. `ownerUserId` is null for subjects without an owner (devices, members),
 * so a rule's "owner" recipient names nobody for them; `customerId` is null for subjects of no one customer. Runs in the caller's tenant transaction.
 */
export async function routeEvent(
  scope: TenantScope,
  subject: { type: NotificationEventType; customerId: string | null; ownerUserId: string | null; actorUserId: string | null },
  onlyRuleIds: string[] | null,
): Promise<{ immediate: Recipient[]; digest: Recipient[] }> {
  const rules = await matchingRules(scope, subject.type, subject.customerId, onlyRuleIds);
  if (rules.length === 0) return { immediate: [], digest: [] };
  const recipients = await resolveRecipients(scope, rules, subject.ownerUserId, subject.actorUserId);
  const prefs = await preferencesOf(scope, recipients.flatMap((r) => (r.userId ? [r.userId] : [])));
  const immediate: Recipient[] = [];
  const digest: Recipient[] = [];
  for (const r of recipients) {
    const mode = (r.userId ? prefs.get(r.userId)?.[subject.type] : undefined) ?? r.delivery;
    if (mode === "off") continue;
    if (mode === "immediate") immediate.push(r);
    else digest.push(r);
  }
  return { immediate, digest };
}

/** Who the notification jobs act as: delivering records nothing in the audit trail (the event itself was audited). */
export const NOTIFICATIONS: AuditActor = { userId: null, label: "notifications" };

/** One event, its facts loaded, as every kind of notification delivers it. */
export type RoutedEvent = {
  subject: { type: NotificationEventType; customerId: string | null; ownerUserId: string | null; actorUserId: string | null };
  /** The digest item's link to what the event is about. */
  about: Partial<Pick<typeof notificationDigestItems.$inferInsert, "credentialId" | "deviceId" | "membershipId">>;
  occurredAt: Date;
  url: string;
  digestLine: string;
  email: () => TenantEmail;
  /** Told at once whatever the rules and their own preferences say (a workspace's owners, of an export). */
  alwaysTell?: { email: string; userId: string }[];
};

/**
 * Delivers one event to the recipients of the matching rules (all of them, or only `onlyRuleIds`): `load` reads
 * its facts in the tenant transaction (null: nothing to tell any more), digest items are queued in it, and
 * immediate mail is sent after it commits, one email per address. Opens its own transactions: call it from a job
 * step, never inside another transaction (PGlite cannot nest them).
 */
export async function deliverRouted(
  tenantId: string,
  load: (scope: TenantScope) => Promise<RoutedEvent | null>,
  onlyRuleIds: string[] | null = null,
): Promise<DeliverySummary> {
  const outgoing = await withTenantScope(tenantId, NOTIFICATIONS, async (scope) => {
    const tx = scope.db;
    const event = await load(scope);
    if (!event) return { immediate: [], queued: 0 };
    const routed = await routeEvent(scope, event.subject, onlyRuleIds);
    const always = new Set((event.alwaysTell ?? []).map((r) => r.email.toLowerCase()));
    const immediate = [
      ...(event.alwaysTell ?? []).map((r) => ({ email: r.email.toLowerCase(), userId: r.userId, delivery: "immediate" as const })),
      ...routed.immediate.filter((r) => !always.has(r.email)),
    ];
    const digest = routed.digest.filter((r) => !always.has(r.email));
    if (digest.length) {
      await tx.insert(notificationDigestItems).values(
        digest.map((r) => ({
          tenantId,
          email: r.email,
          userId: r.userId,
          eventType: event.subject.type,
          ...event.about,
          occurredAt: event.occurredAt,
          summary: event.digestLine,
          url: event.url,
        })),
      );
    }
    const email = immediate.length > 0 ? event.email() : null;
    return { immediate: immediate.map((r) => ({ to: r.email, email: email! })), queued: digest.length };
  });
  for (const mail of outgoing.immediate) await sendTenantEmail(tenantId, mail.to, mail.email);
  return { sent: outgoing.immediate.length, queued: outgoing.queued };
}

/** A credential event to the recipients of the matching rules (all of them, or only `onlyRuleIds`). */
export function deliverToRules(tenantId: string, event: z.output<typeof zCredentialEvent>, onlyRuleIds: string[] | null): Promise<DeliverySummary> {
  return deliverRouted(
    tenantId,
    async (scope) => {
      const loaded = await loadFacts(scope, event);
      if (!loaded) return null;
      return {
        subject: { type: event.type, customerId: loaded.customerId, ownerUserId: loaded.ownerUserId, actorUserId: event.actorUserId },
        about: { credentialId: event.credentialId },
        occurredAt: loaded.facts.occurredAt,
        url: loaded.facts.url,
        digestLine: digestLine(loaded.facts),
        email: () => credentialEventEmail(loaded.facts),
      };
    },
    onlyRuleIds,
  );
}

/**
 * Tells the people the tenant's notification rules name that something happened to a password: finds the
 * enabled rules for the event type that cover the credential's customer, resolves their recipients (owner,
 * active members, group members, extra addresses; once per address; not the member who acted), applies each
 * member's preferences, then queues digest items and sends immediate emails (outbox, and Resend when configured).
 *
 * Opens its own transactions (sendTenantEmail opens one, and PGlite cannot nest them): call it after the change
 * committed, from a job step. A credential that no longer exists (purged) is ignored. Never pass secrets in
 * `detail`: it is quoted in the email.
 */
export async function deliverCredentialEvent(
  tenantId: string,
  event: {
    type: NotificationEventType;
    credentialId: string;
    actorUserId: string | null;
    occurredAt: string;
    detail?: string;
  },
): Promise<DeliverySummary> {
  return deliverToRules(tenantId, zCredentialEvent.parse(event), null);
}
