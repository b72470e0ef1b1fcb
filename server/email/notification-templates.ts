import {
  notificationEventLabels,
  notificationEventPhrases,
  notificationEventTypes,
  type CredentialEventType,
  type DeviceEventType,
  type NotificationEventType,
} from "@/lib/notification-events";
import type { AccessChange } from "@/lib/access-requests";
import { escapeHtml, layout, type TenantEmail } from "./compose";

/** The tenant's words for the places a password lives ("Site" and "User" for Atera-style workspaces). */
export function terminologyWords(terminology: "customers" | "sites") {
  return terminology === "sites" ? { customer: "Site", contact: "User" } : { customer: "Customer", contact: "Contact" };
}

/**
 * Everything a notification says about a password: names and places only. There is deliberately no field for
 * the password, notes, TOTP seed or custom fields, so a template cannot leak one.
 */
export type NotificationFacts = {
  tenantName: string;
  terminology: "customers" | "sites";
  type: CredentialEventType;
  credentialName: string;
  username: string;
  customerName: string;
  contactName: string | null;
  deviceName: string | null;
  /** "Alice Admin <alice@msp.example>", or null when Vaultline itself acted (rotation, health check, expiry). */
  actor: string | null;
  occurredAt: Date;
  expiresAt: Date | null;
  /** What the target answered (rotation failed, not working) or why (policy violated); never a secret. */
  detail: string | null;
  url: string;
};

export function formatWhen(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const DAY = 86_400_000;

/** One sentence saying what happened, for the email body and the digest line. */
export function headline(f: NotificationFacts): string {
  const name = `"${f.credentialName}"`;
  const who = f.actor ?? "Vaultline";
  switch (f.type) {
    case "revealed":
    case "copied":
    case "modified":
    case "deleted":
    case "shared":
      return `${who} ${f.type} the password ${name}.`;
    case "rotation_failed":
      return `Rotating the password ${name} failed. The previous password is still the current one.`;
    case "not_working":
      return `The health check could no longer log in with the stored password ${name}.`;
    case "policy_violated":
      return `${who} saved a password for ${name} that breaks its password policy.`;
    case "expiring": {
      if (!f.expiresAt) return `The password ${name} expires soon.`;
      const days = Math.max(0, Math.ceil((f.expiresAt.getTime() - f.occurredAt.getTime()) / DAY));
      return `The password ${name} expires on ${formatWhen(f.expiresAt)} (in ${days} day${days === 1 ? "" : "s"}).`;
    }
    case "expired":
      return f.expiresAt ? `The password ${name} expired on ${formatWhen(f.expiresAt)}.` : `The password ${name} has expired.`;
  }
}

/** Where the password lives, in the tenant's words: label/value pairs. */
function placeRows(f: NotificationFacts): [string, string][] {
  const words = terminologyWords(f.terminology);
  const rows: [string, string][] = [["Password", f.credentialName]];
  if (f.username) rows.push(["Username", f.username]);
  rows.push([words.customer, f.customerName]);
  if (f.contactName) rows.push([words.contact, f.contactName]);
  if (f.deviceName) rows.push(["Device", f.deviceName]);
  return rows;
}

/** A one-line summary for the daily digest: which password, where, what, by whom, when. */
export function digestLine(f: NotificationFacts): string {
  const where = placeRows(f)
    .slice(1)
    .map(([label, value]) => `${label}: ${value}`)
    .join(", ");
  const detail = f.detail ? ` ${f.detail}` : "";
  return `${headline(f)}${detail} (${where}; ${formatWhen(f.occurredAt)})`;
}

const FOOTER = "You receive this because a notification rule of your workspace includes you. Choose how you hear about each event under Settings → Notifications.";

/** One event's email body: the headline, then label/value rows, then a link. */
export function eventEmailBody(p: { tenantName: string; lead: string; rows: [string, string][]; url: string; footer?: string }) {
  const tableHtml = `<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px;font-size:14px">${p.rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;color:#475569;font-weight:500;vertical-align:top">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join("")}</table>`;
  return layout({
    workspace: p.tenantName,
    bodyHtml: `<p style="line-height:1.5">${escapeHtml(p.lead)}</p>\n${tableHtml}`,
    bodyText: [p.lead, p.rows.map(([label, value]) => `${label}: ${value}`).join("\n")],
    action: { label: "Open in Vaultline", url: p.url },
    footer: p.footer ?? FOOTER,
  });
}

/** One event, one email: what happened, the password's place, who and when, and a link to it. */
export function credentialEventEmail(f: NotificationFacts): TenantEmail {
  const rows: [string, string][] = [
    ...placeRows(f),
    ["Event", notificationEventLabels[f.type]],
    ["When", formatWhen(f.occurredAt)],
  ];
  if (f.actor) rows.push(["By", f.actor]);
  if (f.detail) rows.push([f.type === "policy_violated" ? "Reason" : "Details", f.detail]);
  const { text, html } = eventEmailBody({ tenantName: f.tenantName, lead: headline(f), rows, url: f.url });
  return { audience: "tenant", subject: `${f.tenantName}: "${f.credentialName}" ${notificationEventPhrases[f.type]}`, text, html };
}

/** Everything a notification says about a device: names, place and times; nothing from the agent's secrets. */
export type DeviceNotificationFacts = {
  tenantName: string;
  terminology: "customers" | "sites";
  type: DeviceEventType;
  deviceName: string;
  hostname: string;
  customerName: string;
  /** The agent's last check-in. */
  lastSeenAt: Date | null;
  occurredAt: Date;
  url: string;
};

function deviceHeadline(f: DeviceNotificationFacts): string {
  switch (f.type) {
    case "agent_offline":
      return f.lastSeenAt
        ? `The agent on "${f.deviceName}" stopped checking in; it was last seen ${formatWhen(f.lastSeenAt)}.`
        : `The agent on "${f.deviceName}" stopped checking in.`;
  }
}

function deviceRows(f: DeviceNotificationFacts): [string, string][] {
  const rows: [string, string][] = [["Device", f.deviceName]];
  if (f.hostname) rows.push(["Hostname", f.hostname]);
  rows.push([terminologyWords(f.terminology).customer, f.customerName]);
  return rows;
}

/** One device event, one email: what happened, the device and its place, when it was last seen, and a link. */
export function deviceEventEmail(f: DeviceNotificationFacts): TenantEmail {
  const rows: [string, string][] = [
    ...deviceRows(f),
    ["Event", notificationEventLabels[f.type]],
    ["Last seen", f.lastSeenAt ? formatWhen(f.lastSeenAt) : "Never"],
    ["When", formatWhen(f.occurredAt)],
  ];
  const { text, html } = eventEmailBody({ tenantName: f.tenantName, lead: deviceHeadline(f), rows, url: f.url });
  return { audience: "tenant", subject: `${f.tenantName}: "${f.deviceName}" ${notificationEventPhrases[f.type]}`, text, html };
}

/** A one-line summary of a device event for the daily digest. */
export function deviceDigestLine(f: DeviceNotificationFacts): string {
  const where = deviceRows(f)
    .slice(1)
    .map(([label, value]) => `${label}: ${value}`)
    .join(", ");
  return `${deviceHeadline(f)} (${where}; ${formatWhen(f.occurredAt)})`;
}

export type DigestEntry = { type: NotificationEventType; summary: string; url: string; occurredAt: Date };

/** The daily digest: every waiting event of one recipient, grouped by event type, oldest first. */
export function digestEmail(p: { tenantName: string; date: Date; entries: DigestEntry[] }): TenantEmail {
  const groups = notificationEventTypes
    .map((type) => ({
      type,
      entries: p.entries.filter((e) => e.type === type).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()),
    }))
    .filter((g) => g.entries.length > 0);
  const n = p.entries.length;
  const intro = `${n} password event${n === 1 ? "" : "s"} since your last digest.`;
  const bodyHtml = [
    `<p style="line-height:1.5">${escapeHtml(intro)}</p>`,
    ...groups.map(
      (g) =>
        `<h2 style="font-size:15px;margin:16px 0 8px">${escapeHtml(notificationEventLabels[g.type])} (${g.entries.length})</h2><ul style="padding-left:20px;margin:0">${g.entries
          .map(
            (e) =>
              `<li style="line-height:1.5;margin-bottom:6px">${escapeHtml(e.summary)}${e.url ? ` <a href="${escapeHtml(e.url)}">Open</a>` : ""}</li>`,
          )
          .join("")}</ul>`,
    ),
  ].join("\n");
  const bodyText = [
    intro,
    ...groups.map(
      (g) =>
        `${notificationEventLabels[g.type]} (${g.entries.length})\n${g.entries.map((e) => `- ${e.summary}${e.url ? `\n  ${e.url}` : ""}`).join("\n")}`,
    ),
  ];
  const { text, html } = layout({ workspace: p.tenantName, bodyHtml, bodyText, footer: FOOTER });
  return { audience: "tenant", subject: `${p.tenantName}: daily password digest for ${p.date.toISOString().slice(0, 10)} (${n} event${n === 1 ? "" : "s"})`, text, html };
}

/** Everything an access-request email says: names, reasons and times; a request never holds a secret. */
export type AccessNotificationFacts = {
  tenantName: string;
  terminology: "customers" | "sites";
  change: AccessChange;
  credentialName: string;
  customerName: string;
  requester: string;
  /** Who acted (approved, denied, revoked, checked in), or null when the window ended by itself. */
  actor: string | null;
  reason: string;
  ticketId: string | null;
  windowMinutes: number;
  windowEndsAt: Date | null;
  note: string | null;
  /** Whether the password was (or will be) rotated when the checkout ended. */
  rotation: string | null;
  url: string;
};

function accessHeadline(f: AccessNotificationFacts): string {
  const name = `"${f.credentialName}"`;
  switch (f.change) {
    case "requested":
      return `${f.requester} asks to check out the password ${name} for ${f.windowMinutes} minutes. As an approver, you can approve or deny it.`;
    case "approved":
      return `${f.actor ?? "An approver"} approved your request: the password ${name} is checked out to you until ${formatWhen(f.windowEndsAt!)}.`;
    case "queued":
      return `${f.actor ?? "An approver"} approved your request for ${name}. Someone else has it checked out now; your checkout starts when theirs ends.`;
    case "checked_out":
      return `Your turn: the password ${name} is checked out to you until ${formatWhen(f.windowEndsAt!)}.`;
    case "denied":
      return `${f.actor ?? "An approver"} denied your request to check out the password ${name}.`;
    case "cancelled":
      return `${f.requester} cancelled their request for the password ${name}.`;
    case "checked_in":
      return `${f.requester} checked in the password ${name}. It is locked again.`;
    case "expired":
      return `The checkout of the password ${name} by ${f.requester} ended with its window. It is locked again.`;
    case "revoked":
      return `${f.actor ?? "An admin"} revoked the checkout of the password ${name} by ${f.requester}. It is locked again.`;
  }
}

const ACCESS_SUBJECTS: Record<AccessChange, string> = {
  requested: "access requested",
  approved: "request approved",
  queued: "request approved (queued)",
  checked_out: "checked out to you",
  denied: "request denied",
  cancelled: "request cancelled",
  checked_in: "checked in",
  expired: "checkout ended",
  revoked: "checkout revoked",
};

/** One access-request event, one email, to the approvers or to the requester. */
export function accessEventEmail(f: AccessNotificationFacts): TenantEmail {
  const words = terminologyWords(f.terminology);
  const rows: [string, string][] = [
    ["Password", f.credentialName],
    [words.customer, f.customerName],
    ["Requested by", f.requester],
    ["Reason", f.reason],
  ];
  if (f.ticketId) rows.push(["Ticket", f.ticketId]);
  if (f.note) rows.push(["Note", f.note]);
  if (f.rotation) rows.push(["Rotation", f.rotation]);
  const { text, html } = eventEmailBody({
    tenantName: f.tenantName,
    lead: accessHeadline(f),
    rows,
    url: f.url,
    footer: "You receive this because you asked for this password or are one of its approvers.",
  });
  return { audience: "tenant", subject: `${f.tenantName}: "${f.credentialName}" ${ACCESS_SUBJECTS[f.change]}`, text, html };
}
