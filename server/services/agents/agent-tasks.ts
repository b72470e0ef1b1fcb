import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { agents, agentTasks, rotationRuns, rotationSchedules } from "@/db/schema";
import { sealForAgent } from "@/server/crypto/agent-seal";
import { PermanentFailure } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { tenantsWithWorkDue } from "../tenants/directory";
import { failRotation } from "../rotation/run-records";
import { promotePending } from "../rotation/promote";
import { onlineSql } from "./agent-api";

/** How long a task waits for an offline device to come back before the run fails. */
export const QUEUED_TASK_LIMIT_MS = 30 * 86_400_000;

type RunRow = typeof rotationRuns.$inferSelect;

/**
 * The agent connector's "apply": a task for the device's agent, the new password sealed to the agent's public
 * key. An offline device gets the task queued until it checks in, unless the run's schedule says to fail.
 * Idempotent: a run has at most one task.
 */
export async function createAgentTask(
  scope: TenantScope,
  run: RunRow,
  credential: { deviceId: string | null; username: string },
  newPassword: string,
): Promise<void> {
  const { db: tx, tenantId } = scope;
  const [existing] = await tx.select({ id: agentTasks.id }).from(agentTasks).where(and(eq(agentTasks.tenantId, tenantId), eq(agentTasks.runId, run.id)));
  if (existing) return;
  if (!credential.deviceId) throw new PermanentFailure("An agent rotation needs a password on an agent device.");
  const [agent] = await tx
    .select({ id: agents.id, publicKey: agents.publicKey, revokedAt: agents.revokedAt, online: onlineSql })
    .from(agents)
    .where(and(eq(agents.tenantId, tenantId), eq(agents.deviceId, credential.deviceId)));
  if (!agent || agent.revokedAt) throw new PermanentFailure("The device has no active agent: enroll one, then rotate again.");
  if (!agent.online && run.scheduleId) {
    const [schedule] = await tx.select({ whenOffline: rotationSchedules.whenOffline }).from(rotationSchedules).where(eq(rotationSchedules.id, run.scheduleId));
    if (schedule?.whenOffline === "fail") throw new PermanentFailure("The device is offline, and its schedule fails rotations of offline devices instead of queueing them.");
  }
  const taskId = randomUUID();
  await tx.insert(agentTasks).values({
    tenantId,
    id: taskId,
    agentId: agent.id,
    runId: run.id,
    username: credential.username,
    sealedPayload: sealForAgent(agent.publicKey, taskId, { username: credential.username, newPassword }),
    deadlineAt: new Date(Date.now() + QUEUED_TASK_LIMIT_MS),
  });
  await audit({ ...scope, audit: { userId: run.triggeredBy, label: "rotation" } }, {
    action: "agent.task_created",
    target: { type: "device", id: credential.deviceId },
    details: { taskId, runId: run.id, username: credential.username, deviceOnline: agent.online },
  });
}

/**
 * The agent reported a task's result: success promotes the pending password (even late, after the run had
 * timed out: the machine has the new password now, so it must become the stored one); failure fails the run.
 */
export async function finishAgentRotation(tenantId: string, runId: string): Promise<{ outcome: "promoted" | "failed" | "nothing" }> {
  const failure = await withTenantScope(tenantId, { userId: null, label: "agent" }, async (scope) => {
    const tx = scope.db;
    const [task] = await tx.select().from(agentTasks).where(and(eq(agentTasks.tenantId, tenantId), eq(agentTasks.runId, runId)));
    const [run] = await tx.select().from(rotationRuns).where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId))).for("update");
    if (!task || !run) return null;
    if (task.status === "succeeded") {
      if (run.status === "succeeded" || !run.pendingSecret) return null;
      await promotePending({ ...scope, audit: { userId: run.triggeredBy, label: `agent:${task.agentId}` } }, run);
      return "promoted" as const;
    }
    return task.status === "failed" && run.status === "awaiting_agent" ? `The agent could not change the password: ${task.error}` : null;
  });
  if (failure === "promoted") return { outcome: "promoted" };
  if (!failure) return { outcome: "nothing" };
  await failRotation(tenantId, runId, failure, null);
  return { outcome: "failed" };
}

/** Tenants with agent work due: overdue tasks, or agents that stopped checking in (ids only; see the migration). */
export function tenantsWithAgentWork(now: Date): Promise<string[]> {
  return tenantsWithWorkDue("vaultline_tenants_with_agent_work", now);
}

/**
 * One tenant's agent sweep: tasks past their deadline expire and fail their runs (the old password stays
 * current, the pending one stays on the run), and agents silent for three intervals are marked offline.
 * Returns the devices that just went offline, for the notification.
 */
export async function sweepAgents(tenantId: string, now: Date): Promise<{ expired: number; offline: string[] }> {
  const { overdue, offline } = await withTenantScope(tenantId, { userId: null, label: "agent sweep" }, async (scope) => {
    const tx = scope.db;
    const overdue = await tx
      .update(agentTasks)
      .set({ status: "expired", finishedAt: now })
      .where(and(eq(agentTasks.tenantId, tenantId), inArray(agentTasks.status, ["queued", "delivered"]), lte(agentTasks.deadlineAt, now)))
      .returning({ runId: agentTasks.runId, delivered: isNotNull(agentTasks.deliveredAt) });
    const offline = await tx
      .update(agents)
      .set({ offlineSince: now })
      .where(
        and(
          eq(agents.tenantId, tenantId),
          isNull(agents.revokedAt),
          isNull(agents.offlineSince),
          isNotNull(agents.lastSeenAt),
          sql`${agents.lastSeenAt} < ${now.toISOString()}::timestamptz - make_interval(secs => ${agents.checkinIntervalSeconds} * 3)`,
        ),
      )
      .returning({ id: agents.id, deviceId: agents.deviceId, hostname: agents.hostname });
    for (const agent of offline) {
      await audit(scope, {
        action: "agent.offline",
        target: { type: "device", id: agent.deviceId },
        details: { agentId: agent.id, hostname: agent.hostname },
      });
    }
    return { overdue, offline };
  });
  for (const task of overdue) {
    const message = task.delivered
      ? "The agent did not report a result within 15 minutes. The old password stays current; the pending one is kept on this run."
      : "The device did not check in within 30 days. The old password stays current.";
    await failRotation(tenantId, task.runId, message, null);
  }
  return { expired: overdue.length, offline: offline.map((a) => a.deviceId) };
}
