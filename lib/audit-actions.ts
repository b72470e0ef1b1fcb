/**
 * Every action the server writes to the audit log, with the words people read for it. `recordAuditEvent` accepts
 * only these codes (its `action` is an `AuditAction`), so a new action does not compile until it has a label here;
 * the audit log's rows, its action filter and its CSV export all read their words from this one table.
 */
export const auditActionLabels = {
  "auth.signed_up": "Signed up",
  "auth.login": "Signed in",
  "auth.login_failed": "Failed sign-in",
  "auth.lockout": "Locked out after failed sign-ins",
  "auth.logout": "Signed out",
  "auth.session_revoked": "Revoked a session",
  "auth.email_verified": "Verified email address",
  "auth.password_reset_requested": "Requested a password reset",
  "auth.password_reset": "Reset account password",
  "auth.password_changed": "Changed account password",
  "auth.password_change_failed": "Failed to change account password",
  "auth.backup_codes_regenerated": "Regenerated backup codes",
  "auth.2fa_enabled": "Turned on two-factor authentication",
  "auth.2fa_disabled": "Turned off two-factor authentication",
  "auth.2fa_reset": "Reset a member's two-factor authentication",
  "auth.passkey_registered": "Added a passkey",
  "auth.passkey_renamed": "Renamed a passkey",
  "auth.passkey_removed": "Removed a passkey",
  "auth.email_codes_enabled": "Turned on sign-in codes by email",
  "auth.email_codes_disabled": "Turned off sign-in codes by email",
  "auth.email_code_sent": "Was sent a sign-in code by email",
  "auth.reconfirmed": "Confirmed it was them before secrets",
  "auth.reconfirm_failed": "Failed to confirm it was them",
  "tenant.created": "Created the workspace",
  "settings.updated": "Changed workspace settings",
  "sso.settings_updated": "Changed single sign-on settings",
  "sso.login": "Signed in with single sign-on",
  "sso.login_refused": "Refused a single sign-on",
  "sso.member_created": "Created a member on first single sign-on",
  "sso.role_changed": "Changed a member's role from their identity provider's groups",
  "directory.settings_updated": "Changed directory (LDAP) settings",
  "directory.synced": "Synced members from the directory",
  "directory.sync_failed": "Could not sync members from the directory",
  "directory.member_created": "Created a member from the directory",
  "directory.member_deactivated": "Deactivated a member disabled or gone in the directory",
  "directory.member_reactivated": "Reactivated a member enabled again in the directory",
  "directory.group_created": "Created a user group from a directory group",
  "directory.login": "Signed in with the directory password",
  "directory.login_refused": "Refused a sign-in with the directory password",

  "team.invited": "Invited a member",
  "team.invitation_accepted": "Accepted an invitation",
  "team.invitation_revoked": "Revoked an invitation",
  "team.role_changed": "Changed a member's role",
  "team.deactivated": "Deactivated a member",
  "team.reactivated": "Reactivated a member",

  "customer.created": "Created customer",
  "customer.updated": "Edited customer",
  "customer.archived": "Archived customer",
  "customer.restored": "Restored customer",
  "customer.policy_changed": "Changed customer's password policy",
  "contact.created": "Created contact",
  "contact.updated": "Edited contact",
  "contact.archived": "Archived contact",
  "contact.restored": "Restored contact",
  "device.created": "Created device",
  "device.updated": "Edited device",
  "device.archived": "Archived device",
  "device.restored": "Restored device",

  "credential.created": "Created password",
  "credential.imported": "Imported password",
  "credential.updated": "Edited password",
  "credential.deleted": "Deleted password",
  "credential.restored": "Restored password",
  "credential.purged": "Permanently deleted password",
  "credential.revealed": "Revealed password",
  "credential.copied": "Copied password",
  "credential.totp_viewed": "Viewed TOTP code",
  "credential.version_revealed": "Revealed an earlier password",
  "credential.pending_password_revealed": "Revealed a pending rotated password",
  "credential.login_failed": "Reported a password not working",
  "credential.integrity_failed": "Password failed its integrity check",
  "credential.policy_overridden": "Saved password despite its policy",
  "credential.left_access_policy": "Moved password out of an access policy",
  "credential.copy_only_set": "Made password copy-only",
  "credential.copy_only_cleared": "Allowed revealing password",
  "credential.rotation_target_set": "Set password's rotation target",
  "credential.rotation_target_removed": "Removed password's rotation target",
  "credential.rotation_requested": "Requested password rotation",
  "credential.rotated": "Rotated password",
  "credential.rotation_failed": "Password rotation failed",
  "credential.rotation_cancelled": "Cancelled password rotation",
  "security.bulk_reveal": "Many passwords revealed in a short time",

  "access.requested": "Requested access",
  "access.approved": "Approved access",
  "access.queued": "Queued access request",
  "access.denied": "Denied access",
  "access.cancelled": "Cancelled access request",
  "access.checked_out": "Checked out password",
  "access.checked_in": "Checked in password",
  "access.expired": "Access expired",
  "access.revoked": "Revoked access",
  "access_policy.set": "Set access policy",
  "access_policy.changed": "Changed access policy",
  "access_policy.removed": "Removed access policy",

  "share.created": "Shared",
  "share.updated": "Changed sharing",
  "share.revoked": "Stopped sharing",
  "group.created": "Created member group",
  "group.updated": "Edited member group",
  "group.deleted": "Deleted member group",
  "group.member_added": "Added member to group",
  "group.member_removed": "Removed member from group",
  "group.members_imported": "Imported group members",
  "credential_group.created": "Created password group",
  "credential_group.updated": "Edited password group",
  "credential_group.deleted": "Deleted password group",
  "credential_group.credentials_added": "Added passwords to group",
  "credential_group.credential_removed": "Removed password from group",

  "policy.created": "Created password policy",
  "policy.updated": "Edited password policy",
  "policy.deleted": "Deleted password policy",
  "policy.default_changed": "Changed default password policy",
  "rotation.schedule_set": "Set rotation schedule",
  "rotation.schedule_removed": "Removed rotation schedule",

  "notification_rule.created": "Created notification rule",
  "notification_rule.updated": "Edited notification rule",
  "notification_rule.enabled": "Turned on notification rule",
  "notification_rule.disabled": "Turned off notification rule",
  "notification_rule.deleted": "Deleted notification rule",
  "notification_preferences.updated": "Changed notification preferences",
  "webhook.created": "Created webhook",
  "webhook.updated": "Edited webhook",
  "webhook.enabled": "Turned on webhook",
  "webhook.disabled": "Turned off webhook",
  "webhook.auto_disabled": "Webhook turned off after repeated failures",
  "webhook.deleted": "Deleted webhook",
  "webhook.secret_revealed": "Revealed webhook signing secret",
  "webhook.redelivered": "Redelivered webhook event",
  "webhook.test_sent": "Sent webhook test event",

  "import.uploaded": "Uploaded import file",
  "import.started": "Started import",
  "import.completed": "Completed import",
  "import.failed": "Import failed",
  "import.cancelled": "Cancelled import",
  "import.discarded": "Discarded import",
  "export.created": "Exported passwords",
  "export.confirmation_failed": "Failed export confirmation",
  "export.permission_changed": "Changed export permission",
  "audit.exported": "Exported audit log",

  "api_key.created": "Created API key",
  "api_key.revoked": "Revoked API key",
  "api_key.limits_changed": "Changed an API key's customers or credential groups",
  "api_key.rotated": "Rotated API key",
  "api.read": "Read through the API",
  "api.refused": "Refused an API call",

  "agent.enrolled": "Enrolled device agent",
  "agent.reenrolled": "Re-enrolled device agent",
  "agent.checkin_changed": "Device agent reported changes",
  "agent.offline": "Device agent went offline",
  "agent.revoked": "Revoked device agent",
  "agent.secret_reissue_requested": "Requested new agent secret",
  "agent.secret_reissued": "Reissued agent secret",
  "agent.enrollment_token_created": "Created enrollment token",
  "agent.enrollment_token_revoked": "Revoked enrollment token",
  "agent.task_created": "Queued agent task",
  "agent.task_delivered": "Delivered agent task",
  "agent.task_succeeded": "Agent task succeeded",
  "agent.task_failed": "Agent task failed",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof auditActionLabels;

export const auditActions = Object.keys(auditActionLabels) as AuditAction[];

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(auditActionLabels, code);
}

/** The words for an action code; a code no longer written (older rows) is shown as it was stored. */
export function auditActionLabel(code: string): string {
  return isAuditAction(code) ? auditActionLabels[code] : code;
}

/** What an audit event's target is, in words ("password" for a credential row). */
export const auditTargetNouns: Record<string, string> = {
  credential: "password",
  customer: "customer",
  contact: "contact",
  device: "device",
  user: "member",
  member: "member",
  user_group: "member group",
  group: "member group",
  credential_group: "password group",
  password_policy: "password policy",
  notification_rule: "notification rule",
  webhook: "webhook",
  passkey: "passkey",
  import: "import",
  invitation: "invitation",
  share: "share",
  session: "session",
  tenant: "workspace",
  role: "role",
};

export const auditTargetNoun = (type: string) => auditTargetNouns[type] ?? type.replace(/_/g, " ");

/**
 * An audit event's target as people read it: its name now (or the name the event stored, when the record is gone)
 * and where it lives, so the log can link to it (server/services/audit/audit-targets.ts looks it up).
 */
export type AuditTarget = {
  type: string;
  id: string;
  /** "password", "customer"… */
  noun: string;
  /** Null when neither the record nor the event knows a name. */
  name: string | null;
  /** The record was deleted (a password in the trash counts). */
  gone: boolean;
  /** A password's customer, for "Office Wi-Fi · Acme". */
  customerName: string | null;
  /** Where the record is shown; null when it has no page or is gone. */
  place: AuditTargetPlace | null;
};

export type AuditTargetPlace =
  | { page: "customer" | "contact" | "device"; id: string; credentialId?: string }
  | { page: "team" | "groups" | "credential-groups" | "policies" | "notifications" | "webhooks" };

/** The target's name as the log and its export show it: "Office Wi-Fi", "Office Wi-Fi (deleted)", "deleted password". */
export function auditTargetTitle(target: AuditTarget): string {
  if (target.name === null) return target.gone ? `deleted ${target.noun}` : target.noun;
  return target.gone ? `${target.name} (deleted)` : target.name;
}

/** The most events one audit log export holds: a file a spreadsheet opens, read in one transaction. */
export const AUDIT_EXPORT_MAX_EVENTS = 10_000;
/** The export's response header saying the file stopped at that cap ("true"/"false"). */
export const AUDIT_EXPORT_TRUNCATED_HEADER = "x-vaultline-audit-truncated";
