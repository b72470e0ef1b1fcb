import { z } from "zod";
import {
  notificationDeliveries,
  notificationEventTypes,
  notificationPreferenceChoices,
  type NotificationEventType,
} from "@/lib/notification-events";

export { notificationEventTypes, type NotificationEventType } from "@/lib/notification-events";

export const zEventType = z.enum(notificationEventTypes, {
  error: `Event type must be one of: ${notificationEventTypes.join(", ")}.`,
});
export const zDelivery = z.enum(notificationDeliveries, { error: "Delivery must be immediate or digest." });
export const zPreferenceChoice = z.enum(notificationPreferenceChoices, {
  error: "Each choice must be rule, immediate, digest or off.",
});

/** The events the daily expiry scan produces (never emitted by user actions). */
export const expiryEventTypes: NotificationEventType[] = ["expiring", "expired"];
