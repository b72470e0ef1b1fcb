import { notificationEventLabels, notificationEventPhrases, type MemberEventType } from "@/lib/notification-events";
import { eventEmailBody, formatWhen } from "./notification-templates";
import type { TenantEmail } from "./compose";

/**
 * Everything a notification says about a member's bulk reveal: who, how many different passwords, over how long.
 * There is no field for which passwords or their values: the audit log, behind a sign-in, says which.
 */
export type MemberNotificationFacts = {
  tenantName: string;
  type: MemberEventType;
  /** "Alice Admin <alice@msp.example>". */
  member: string;
  passwords: number;
  minutes: number;
  occurredAt: Date;
  /** The workspace's audit log. */
  url: string;
};

function memberHeadline(f: MemberNotificationFacts): string {
  return `${f.member} revealed or copied ${f.passwords} different passwords within ${f.minutes} minutes.`;
}

/** One member event, one email: who, how many, and a link to the audit log to see which. */
export function memberEventEmail(f: MemberNotificationFacts): TenantEmail {
  const rows: [string, string][] = [
    ["Member", f.member],
    ["Event", notificationEventLabels[f.type]],
    ["Different passwords", String(f.passwords)],
    ["Within", `${f.minutes} minutes`],
    ["When", formatWhen(f.occurredAt)],
  ];
  const lead = `${memberHeadline(f)} If that was not expected, deactivate the member and rotate the passwords the audit log lists.`;
  const { text, html } = eventEmailBody({ tenantName: f.tenantName, lead, rows, url: f.url });
  return { audience: "tenant", subject: `${f.tenantName}: a member ${notificationEventPhrases[f.type]}`, text, html };
}

/** A one-line summary of a member event for the daily digest. */
export function memberDigestLine(f: MemberNotificationFacts): string {
  return `${memberHeadline(f)} (${formatWhen(f.occurredAt)})`;
}
