/** What can happen to a password that someone may want to hear about. Shared by the server and the UI. */
export const notificationEventTypes = [
  "revealed",
  "copied",
  "modified",
  "deleted",
  "shared",
  "rotation_failed",
  "not_working",
  "expiring",
  "expired",
  "policy_violated",
] as const;

export type NotificationEventType = (typeof notificationEventTypes)[number];

/** How a rule delivers: one email per event, or one summary email a day. */
export const notificationDeliveries = ["immediate", "digest"] as const;
export type NotificationDelivery = (typeof notificationDeliveries)[number];

/** A member's own choice per event type; "rule" (the default) follows the rule that matched. */
export const notificationPreferenceChoices = ["rule", "immediate", "digest", "off"] as const;
export type NotificationPreferenceChoice = (typeof notificationPreferenceChoices)[number];

/** Labels for settings screens. */
export const notificationEventLabels: Record<NotificationEventType, string> = {
  revealed: "Revealed",
  copied: "Copied",
  modified: "Modified",
  deleted: "Deleted",
  shared: "Shared",
  rotation_failed: "Rotation failed",
  not_working: "Stopped working (health check)",
  expiring: "Expiring soon",
  expired: "Expired",
  policy_violated: "Policy violated",
};

/** What happened, as a phrase after the password's name ("Core switch was revealed"). */
export const notificationEventPhrases: Record<NotificationEventType, string> = {
  revealed: "was revealed",
  copied: "was copied",
  modified: "was modified",
  deleted: "was deleted",
  shared: "was shared",
  rotation_failed: "failed to rotate",
  not_working: "no longer logs in",
  expiring: "expires soon",
  expired: "has expired",
  policy_violated: "was saved against its password policy",
};

export const preferenceChoiceLabels: Record<NotificationPreferenceChoice, string> = {
  rule: "As the rule says",
  immediate: "Right away",
  digest: "Daily digest",
  off: "Off",
};

export const MAX_EXPIRING_DAYS = 365;
