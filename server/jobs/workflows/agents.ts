import "server-only";
import { finishAgentRotation, sweepAgents, tenantsWithAgentWork } from "@/server/services/agents/agent-tasks";
import { deliverDeviceEvent } from "@/server/services/notifications/device-events";
import { defineWorkflow } from "../workflow";

/** The agent reported a rotation task: promote the pending password, or fail the run with the agent's error. */
export const finishAgentTask = defineWorkflow({
  id: "finish-agent-rotation",
  trigger: { event: "vaultline/agent.task-finished" },
  concurrency: [{ key: "tenantId", limit: 10 }],
  retries: 3,
  handler: async ({ event, step }) => step.run("finish", () => finishAgentRotation(event.data.tenantId, event.data.runId)),
});

/** Every minute: tenants with overdue agent tasks or agents that went silent get their sweep. */
export const findAgentWork = defineWorkflow({
  id: "find-agent-work",
  trigger: { cron: "* * * * *" },
  retries: 2,
  handler: async ({ step }) => {
    const tenantIds = await step.run("tenants", () => tenantsWithAgentWork(new Date()));
    if (tenantIds.length > 0) {
      await step.sendEvent("fan-out", tenantIds.map((tenantId) => ({ name: "vaultline/agents.sweep-due" as const, data: { tenantId } })));
    }
    return { tenants: tenantIds.length };
  },
});

/**
 * Expires overdue agent tasks (failing their runs) and marks silent agents offline; each device that just went
 * offline gets a notice event. The sweep marks an agent once (until it checks in again), so the next sweep sends
 * no second notice.
 */
export const sweepTenantAgents = defineWorkflow({
  id: "sweep-agents",
  trigger: { event: "vaultline/agents.sweep-due" },
  concurrency: [{ key: "tenantId", limit: 1 }],
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId } = event.data;
    const swept = await step.run("sweep", async () => {
      const now = new Date();
      return { ...(await sweepAgents(tenantId, now)), at: now.toISOString() };
    });
    if (swept.offline.length > 0) {
      await step.sendEvent(
        "offline-notices",
        swept.offline.map((deviceId) => ({ name: "vaultline/device.offline" as const, data: { tenantId, deviceId, occurredAt: swept.at } })),
      );
    }
    return swept;
  },
});

/** Tells the people the tenant's rules name that a device's agent went offline. */
export const notifyDeviceEvent = defineWorkflow({
  id: "notify-device-event",
  trigger: { event: "vaultline/device.offline" },
  concurrency: [{ key: "tenantId", limit: 5 }],
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId, deviceId, occurredAt } = event.data;
    return step.run("deliver", () => deliverDeviceEvent(tenantId, { type: "agent_offline", deviceId, occurredAt }));
  },
});
