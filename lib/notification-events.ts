/** What can happen to a password that someone may want to hear about. Shared by the server and the UI. */
export const credentialEventTypes = [
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

/** What can happen to a device. These have no password owner, so a rule's "owner" recipient does not apply. */
export const deviceEventTypes = ["agent_offline"] as const;

/**
 * What a member did across many passwords. Workspace-wide: a rule scoped to one customer never hears of them, and
 * a rule's "owner" recipient does not apply. The workspace's owners hear of every export whatever the rules say
 * (server/services/notifications/export-events.ts).
 */
export const memberEventTypes = ["bulk_reveal", "exported"] as const;

/** Every event a notification rule can listen for. */
export const notificationEventTypes = [...credentialEventTypes, ...deviceEventTypes, ...memberEventTypes] as const;

export type CredentialEventType = (typeof credentialEventTypes)[number];
export type DeviceEventType = (typeof deviceEventTypes)[number];
export type MemberEventType = (typeof memberEventTypes)[number];
export type NotificationEventType = (typeof notificationEventTypes)[number];

/** Events about something other than one password, so "the password's owner" names nobody for them. */
export function isOwnerlessEventType(type: NotificationEventType): type is DeviceEventType | MemberEventType {
  return (deviceEventTypes as readonly string[]).includes(type) || (memberEventTypes as readonly string[]).includes(type);
}

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
  agent_offline: "Device agent offline",
  bulk_reveal: "Bulk reveal (many passwords by one member)",
  exported: "Export (a member downloaded passwords in a file)",
};

/** What happened, as a phrase after the password's or device's name ("Core switch was revealed"). */
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
  agent_offline: "stopped checking in",
  bulk_reveal: "revealed or copied many passwords",
  exported: "exported passwords",
};

export const preferenceChoiceLabels: Record<NotificationPreferenceChoice, string> = {
  rule: "As the rule says",
  immediate: "Right away",
  digest: "Daily digest",
  off: "Off",
};

export const MAX_EXPIRING_DAYS = 365;
