import "server-only";
import { pruneThrottles } from "@/server/auth/throttle";
import { listTenantIds } from "@/server/services/tenants/directory";
import { startDueRotations, tenantsDueForRotation } from "@/server/services/rotation/schedules";
import { pruneJobHistory } from "../history";
import { defineWorkflow } from "../workflow";

/** Every minute: which tenants have rotation schedules due; each gets its own run, so tenants proceed independently. */
export const findDueSchedules = defineWorkflow({
  id: "find-due-rotation-schedules",
  trigger: { cron: "* * * * *" },
  retries: 2,
  handler: async ({ step }) => {
    const tenantIds = await step.run("due-tenants", async () => tenantsDueForRotation(new Date()));
    if (tenantIds.length > 0) {
      await step.sendEvent(
        "fan-out",
        tenantIds.map((tenantId) => ({ name: "vaultline/rotation.schedules-due" as const, data: { tenantId } })),
      );
    }
    return { tenants: tenantIds.length };
  },
});

export const startScheduledRotations = defineWorkflow({
  id: "start-scheduled-rotations",
  trigger: { event: "vaultline/rotation.schedules-due" },
  concurrency: [{ key: "tenantId", limit: 1 }],
  retries: 3,
  handler: async ({ event, step }) => step.run("start", () => startDueRotations(event.data.tenantId, new Date())),
});

/** Once a day: every tenant's daily work (health checks, expiry scan, digests), and pruning of old job records. */
export const startDailySweep = defineWorkflow({
  id: "daily-sweep",
  trigger: { cron: "0 6 * * *" },
  retries: 2,
  handler: async ({ step }) => {
    await step.run("prune-job-history", () => pruneJobHistory());
    const tenantIds = await step.run("tenants", () => listTenantIds());
    const day = new Date().toISOString().slice(0, 10);
    if (tenantIds.length > 0) {
      await step.sendEvent(
        "fan-out",
        tenantIds.map((tenantId) => ({ name: "vaultline/tenant.daily" as const, data: { tenantId, day } })),
      );
    }
    return { tenants: tenantIds.length };
  },
});

/** Every hour: rate-limit counters whose window and lock are over are deleted (guessed keys and addresses leave rows). */
export const pruneRateLimitCounters = defineWorkflow({
  id: "prune-rate-limit-counters",
  trigger: { cron: "17 * * * *" },
  retries: 2,
  handler: async ({ step }) => ({ deleted: await step.run("prune", () => pruneThrottles()) }),
});
