import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { notificationPreferences } from "@/db/schema";
import {
  notificationEventTypes,
  type NotificationEventType,
  type NotificationPreferenceChoice,
} from "@/lib/notification-events";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { zEventType, zPreferenceChoice } from "./event-types";

/**
 * A member's say over notification mail, per event type: "rule" follows whatever the matching rule says
 * (immediate or digest), "immediate" and "digest" override the rule's delivery for mail to them, "off" stops it.
 * Rules decide who is told about what; preferences only decide how (or whether) each person hears.
 */
export type NotificationPreferences = Record<NotificationEventType, NotificationPreferenceChoice>;
type StoredChoices = Partial<Record<NotificationEventType, Exclude<NotificationPreferenceChoice, "rule">>>;

export const updatePreferencesInput = z.object({
  events: z.partialRecord(zEventType, zPreferenceChoice, { error: "Preferences must map event types to a choice." }),
});

function complete(stored: StoredChoices | undefined): NotificationPreferences {
  return Object.fromEntries(notificationEventTypes.map((t) => [t, stored?.[t] ?? "rule"])) as NotificationPreferences;
}

/** The signed-in member's choices, every event type listed ("rule" where they made none). */
export async function getMyPreferences(scope: MemberScope): Promise<NotificationPreferences> {
  const { db: tx, tenantId, member } = scope;
  const userId = member.userId;
  const [row] = await tx
    .select({ events: notificationPreferences.events })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.tenantId, tenantId), eq(notificationPreferences.userId, userId)));
  return complete(row?.events);
}

/** Changes the signed-in member's choices for the event types given; the others keep theirs. */
export async function updateMyPreferences(scope: MemberScope, input: z.infer<typeof updatePreferencesInput>): Promise<NotificationPreferences> {
  const { db: tx, tenantId, member } = scope;
  const userId = member.userId;
  const current = await getMyPreferences(scope);
  const next = { ...current, ...input.events };
  const events: StoredChoices = {};
  for (const type of notificationEventTypes) {
    const choice = next[type];
    if (choice !== "rule") events[type] = choice;
  }
  await tx
    .insert(notificationPreferences)
    .values({ tenantId, userId, events })
    .onConflictDoUpdate({ target: [notificationPreferences.tenantId, notificationPreferences.userId], set: { events, updatedAt: new Date() } });
  const changed = notificationEventTypes.filter((t) => current[t] !== next[t]);
  if (changed.length) {
    await audit(scope, {
      action: "notification_preferences.updated",
      details: Object.fromEntries(changed.map((t) => [t, next[t]])),
    });
  }
  return complete(events);
}

/** The stored choices of several members at once (delivery reads them per event). */
export async function preferencesOf(scope: TenantScope, userIds: string[]): Promise<Map<string, StoredChoices>> {
  const { db: tx, tenantId } = scope;
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({ userId: notificationPreferences.userId, events: notificationPreferences.events })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.tenantId, tenantId), inArray(notificationPreferences.userId, userIds)));
  return new Map(rows.map((r) => [r.userId, r.events]));
}
