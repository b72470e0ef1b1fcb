import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export";
import { eventEmailBody, formatWhen } from "./notification-templates";
import type { TenantEmail } from "./compose";

/**
 * Everything a notification says about an export: who, in which format, of what, and how many passwords went in or
 * were left out. There is no field for which passwords or a value: the audit log, behind a sign-in, has the rest.
 */
export type ExportNotificationFacts = {
  tenantName: string;
  /** "Alice Admin <alice@msp.example>". */
  member: string;
  format: ExportFormat;
  /** "everything they may reveal", "customer Contoso", "12 hand-picked passwords". */
  scope: string;
  included: number;
  leftOut: number;
  occurredAt: Date;
  /** The workspace's audit log. */
  url: string;
};

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

function exportHeadline(f: ExportNotificationFacts): string {
  return `${f.member} exported ${plural(f.included, "password")} (${f.scope}) as ${EXPORT_FORMATS[f.format].label}.`;
}

/** One export, one email: who exported what, and a link to the audit log. */
export function exportEventEmail(f: ExportNotificationFacts): TenantEmail {
  const rows: [string, string][] = [
    ["Member", f.member],
    ["Format", EXPORT_FORMATS[f.format].label],
    ["Scope", f.scope],
    ["Passwords in the file", f.included.toLocaleString("en-US")],
    ["Left out", f.leftOut.toLocaleString("en-US")],
    ["When", formatWhen(f.occurredAt)],
  ];
  const encrypted = EXPORT_FORMATS[f.format].passphrase ? "The file is encrypted with a passphrase the member chose." : "The file is not encrypted.";
  const lead = `${exportHeadline(f)} ${encrypted} If that was not expected, deactivate the member and rotate the exported passwords.`;
  const { text, html } = eventEmailBody({ tenantName: f.tenantName, lead, rows, url: f.url });
  return { audience: "tenant", subject: `${f.tenantName}: ${f.member.replace(/ <.*>$/, "")} exported passwords`, text, html };
}

/** A one-line summary of an export for the daily digest. */
export function exportDigestLine(f: ExportNotificationFacts): string {
  return `${exportHeadline(f)} (${formatWhen(f.occurredAt)})`;
}
