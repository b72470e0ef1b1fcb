import type { NotificationDelivery, NotificationEventType } from "@/lib/notification-events";

/** A notification rule as the settings page lists it. */
export type RuleRow = {
  id: string;
  name: string;
  events: NotificationEventType[];
  expiringDays: number | null;
  customerId: string | null;
  customerName: string | null;
  notifyOwner: boolean;
  memberUserIds: string[];
  groupIds: string[];
  extraEmails: string[];
  delivery: NotificationDelivery;
  enabled: boolean;
};

export type RecipientOptions = {
  members: { userId: string; name: string; email: string }[];
  groups: { id: string; name: string }[];
  customers: { id: string; name: string }[];
};
