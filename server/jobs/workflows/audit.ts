import "server-only";
import { writeAuditAnchors } from "@/server/services/audit/anchors";
import { sealTenantAudit, tenantsWithUnsealedAudit } from "@/server/services/audit/seal-audit-chain";
import { defineWorkflow } from "../workflow";

/** How far back the anchoring job looks for chains that grew: two of its periods, so one late run misses nothing. */
const ANCHOR_LOOKBACK_MS = 10 * 60_000;

/**
 * Every minute: chains the audit events written since the last round. Writers append without a lock; this is what
 * makes their events tamper-evident.
 */
export const sealAuditChains = defineWorkflow({
  id: "seal-audit-chains",
  trigger: { cron: "* * * * *" },
  retries: 2,
  handler: async ({ step }) =>
    step.run("seal", async () => {
      let sealed = 0;
      for (const tenantId of await tenantsWithUnsealedAudit()) sealed += await sealTenantAudit(tenantId);
      return { sealed };
    }),
});

/** Every five minutes: the heads of the chains that grew, written where the database cannot rewrite them. */
export const anchorAuditChains = defineWorkflow({
  id: "anchor-audit-chains",
  trigger: { cron: "*/5 * * * *" },
  retries: 2,
  handler: async ({ step }) =>
    step.run("anchor", async () => ({ anchored: (await writeAuditAnchors(new Date(Date.now() - ANCHOR_LOOKBACK_MS))).length })),
});
