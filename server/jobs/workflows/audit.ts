import "server-only";
import { writeAuditAnchors } from "@/server/services/audit/anchors";
import { sealTenantAudit, tenantsWithUnsealedAudit } from "@/server/services/audit/seal-audit-chain";
import { fanOutRecentlySealed } from "@/server/services/webhooks/fan-out";
import { defineWorkflow } from "../workflow";

/** How far back the webhook step looks for chains that grew: several rounds, so a failed round is caught up. */
const WEBHOOK_LOOKBACK_MS = 10 * 60_000;

/** How far back the anchoring job looks for chains that grew: two of its periods, so one late run misses nothing. */
const ANCHOR_LOOKBACK_MS = 10 * 60_000;

/**
 * Every minute: chains the audit events written since the last round. Writers append without a lock; this is what
 * makes their events tamper-evident. Then the workspaces whose chain grew lately offer the new events to their webhooks:
 * the sealed chain is the committed, ordered history, so each event is offered once.
 */
export const sealAuditChains = defineWorkflow({
  id: "seal-audit-chains",
  trigger: { cron: "* * * * *" },
  retries: 2,
  handler: async ({ step }) => {
    const sealed = await step.run("seal", async () => {
      let count = 0;
      for (const tenantId of await tenantsWithUnsealedAudit()) count += await sealTenantAudit(tenantId);
      return count;
    });
    const webhookDeliveries = await step.run("webhooks", () => fanOutRecentlySealed(new Date(Date.now() - WEBHOOK_LOOKBACK_MS)));
    return { sealed, webhookDeliveries };
  },
});

/** Every five minutes: the heads of the chains that grew, written where the database cannot rewrite them. */
export const anchorAuditChains = defineWorkflow({
  id: "anchor-audit-chains",
  trigger: { cron: "*/5 * * * *" },
  retries: 2,
  handler: async ({ step }) =>
    step.run("anchor", async () => ({ anchored: (await writeAuditAnchors(new Date(Date.now() - ANCHOR_LOOKBACK_MS))).length })),
});
