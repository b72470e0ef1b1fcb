import type { TenantEmail } from "./compose";
import { eventEmailBody, formatWhen } from "./notification-templates";

/** What the email about a webhook the server turned off says: which one, where it pointed, why. */
export type WebhookDisabledFacts = { tenantName: string; name: string; url: string; failures: number; lastError: string; at: Date; settingsUrl: string };

/** Tells a workspace's admins that a webhook was turned off after repeated failed deliveries. */
export function webhookDisabledEmail(f: WebhookDisabledFacts): TenantEmail {
  const lead = `The webhook "${f.name}" was turned off after ${f.failures} deliveries in a row failed. Fix the endpoint, then turn the webhook on again in Settings → Webhooks; events in between are not sent.`;
  const rows: [string, string][] = [
    ["Webhook", f.name],
    ["Endpoint", f.url],
    ["Last error", f.lastError],
    ["When", formatWhen(f.at)],
  ];
  const { text, html } = eventEmailBody({ tenantName: f.tenantName, lead, rows, url: f.settingsUrl });
  return { audience: "tenant", subject: `${f.tenantName}: webhook "${f.name}" was turned off`, text, html };
}
