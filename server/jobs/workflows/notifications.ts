import "server-only";
import { deliverCredentialEvent } from "@/server/services/notifications/deliver";
import { deliverMemberEvent } from "@/server/services/notifications/member-events";
import { deliverExportEvent } from "@/server/services/notifications/export-events";
import { sendDailyDigests } from "@/server/services/notifications/digests";
import { scanExpiringCredentials } from "@/server/services/notifications/expiry-scan";
import { startHealthChecks } from "@/server/services/rotation/schedules";
import { queueExpiringWebhookEvents } from "@/server/services/webhooks/expiring";
import { defineWorkflow } from "../workflow";

/** Tells the people the tenant's rules name that something happened to a password. */
export const notifyCredentialEvent = defineWorkflow({
  id: "notify-credential-event",
  trigger: { event: "vaultline/credential.action" },
  concurrency: [{ key: "tenantId", limit: 5 }],
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId, ...credentialEvent } = event.data;
    return step.run("deliver", () => deliverCredentialEvent(tenantId, credentialEvent));
  },
});

/** Tells the people the tenant's workspace-wide rules name that a member revealed or copied many passwords. */
export const notifyBulkReveal = defineWorkflow({
  id: "notify-bulk-reveal",
  trigger: { event: "vaultline/member.bulk-reveal" },
  concurrency: [{ key: "tenantId", limit: 5 }],
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId, ...counts } = event.data;
    return step.run("deliver", () => deliverMemberEvent(tenantId, { type: "bulk_reveal", ...counts }));
  },
});

/** Tells the workspace's owners, and the people its rules name, that a member exported passwords. */
export const notifyExport = defineWorkflow({
  id: "notify-export",
  trigger: { event: "vaultline/member.exported" },
  concurrency: [{ key: "tenantId", limit: 5 }],
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId, ...exported } = event.data;
    return step.run("deliver", () => deliverExportEvent(tenantId, exported));
  },
});

/**
 * A tenant's daily work: health checks of stored passwords, the expiry scan, then the digests it may have fed, and the
 * webhooks' "password.expiring" events.
 */
export const tenantDaily = defineWorkflow({
  id: "tenant-daily",
  trigger: { event: "vaultline/tenant.daily" },
  concurrency: [{ key: "tenantId", limit: 1 }],
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId } = event.data;
    const healthChecks = await step.run("health-checks", () => startHealthChecks(tenantId));
    const expiry = await step.run("expiry-scan", () => scanExpiringCredentials(tenantId, new Date()));
    const digests = await step.run("digests", () => sendDailyDigests(tenantId, new Date()));
    const webhookExpiry = await step.run("webhook-expiry", () => queueExpiringWebhookEvents(tenantId, new Date()));
    return { healthChecks, expiry, digests, webhookExpiry };
  },
});
