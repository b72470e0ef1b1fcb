import type { AuditTargetPlace } from "@/lib/audit-actions";

const settingsPages = {
  team: "settings/team",
  groups: "settings/groups",
  "credential-groups": "settings/credential-groups",
  policies: "settings/policies",
  notifications: "settings/notifications",
  webhooks: "settings/webhooks",
} as const;

/** Where an audit target is shown: a password on its customer's, contact's or device's page (?credential= marks the row). */
export function auditTargetHref(tenant: string, place: AuditTargetPlace): string {
  if ("id" in place) {
    const base = `/${tenant}/${place.page}s/${place.id}`;
    return place.credentialId ? `${base}?credential=${place.credentialId}` : base;
  }
  return `/${tenant}/${settingsPages[place.page]}`;
}
