import { z } from "zod";
import type { AuditAction } from "./audit-actions";
import { parseTargetHost } from "./target-host";

/*
 * Webhooks: what a subscription may listen for, which audit actions feed each event type, and how an endpoint URL is
 * written. Shared by the settings screen and the server.
 */

/** The event types a webhook can subscribe to. "audit.event" is every audit action, whatever it is. */
export const webhookEventTypes = [
  "password.created",
  "password.updated",
  "password.revealed",
  "password.rotated",
  "password.rotation_failed",
  "password.not_working",
  "password.expiring",
  "access.requested",
  "access.approved",
  "agent.offline",
  "audit.event",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The event sent by "Send test event": always delivered, whatever the webhook subscribes to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const webhookEventLabels: Record<WebhookEventType, string> = {
  "password.created": "Password created",
  "password.updated": "Password updated",
  "password.revealed": "Password revealed or copied",
  "password.rotated": "Password rotated",
  "password.rotation_failed": "Password rotation failed",
  "password.not_working": "Password stopped working",
  "password.expiring": "Password expiring (within 14 days)",
  "access.requested": "Access requested",
  "access.approved": "Access approved",
  "agent.offline": "Device agent offline",
  "audit.event": "Every audit event",
};

/** How far ahead the daily scan sends "password.expiring". */
export const WEBHOOK_EXPIRING_DAYS = 14;

/** Event types with no audit action behind them: the daily expiry scan makes them. */
type ScannedEventType = "password.expiring";

/** The audit actions behind each specific event type (an audit event may also be sent as "audit.event"). */
const sourceActions: Record<Exclude<WebhookEventType, "audit.event" | ScannedEventType>, AuditAction[]> = {
  "password.created": ["credential.created", "credential.imported"],
  "password.updated": ["credential.updated"],
  "password.revealed": ["credential.revealed", "credential.copied"],
  "password.rotated": ["credential.rotated"],
  "password.rotation_failed": ["credential.rotation_failed"],
  "password.not_working": ["credential.login_failed"],
  "access.requested": ["access.requested"],
  "access.approved": ["access.approved"],
  "agent.offline": ["agent.offline"],
};

/** The specific event type an audit action is sent as, or null when only "audit.event" subscribers hear of it. */
export function webhookEventTypeOf(action: string): WebhookEventType | null {
  for (const [type, actions] of Object.entries(sourceActions)) {
    if ((actions as string[]).includes(action)) return type as WebhookEventType;
  }
  return null;
}

/** Consecutive failed deliveries (each after all its retries) that turn a webhook off. */
export const WEBHOOK_DISABLE_AFTER_FAILURES = 10;
/** …or a run of failed deliveries (two or more) that has lasted this long, for a webhook that gets few events. */
export const WEBHOOK_DISABLE_AFTER_FAILING_MS = 24 * 60 * 60_000;
/** How much of an endpoint's answer the delivery log keeps. */
export const WEBHOOK_RESPONSE_KEEP_CHARS = 1024;
/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const WEBHOOK_SIGNATURE_HEADER = "Vaultline-Signature";

/**
 * An endpoint URL: http or https, a host written by the same rule as rotation targets (the SSRF guard reads it the
 * same way), no user name or password (a URL is shown in lists and logs, so it must not carry a secret).
 */
export const zWebhookUrl = z
  .string({ error: "URL must be text." })
  .trim()
  .min(1, "URL is required.")
  .max(2000, "URL must be at most 2000 characters.")
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "URL is not valid: write it like https://example.com/hooks/vaultline." });
      return z.NEVER;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      ctx.addIssue({ code: "custom", message: "URL must start with https:// or http://." });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "URL cannot contain a user name or password: the signature authenticates Vaultline." });
      return z.NEVER;
    }
    const host = parseTargetHost(url.hostname.replace(/^\[(.*)\]$/, "$1"));
    if (!host.ok) {
      ctx.addIssue({ code: "custom", message: host.message.replace("Host", "The URL's host") });
      return z.NEVER;
    }
    url.hash = "";
    return url.toString();
  });

export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed" | "cancelled";
