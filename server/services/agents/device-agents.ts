import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { agentCheckins, agents, agentTasks, rotationRuns } from "@/db/schema";
import { badInput, notFound } from "@/server/errors";
import { audit } from "../audit/record-audit-event";
import type { MemberScope, TenantScope } from "@/server/scope";
import { loadHolder } from "../vault/holders";
import { agentStatusSql } from "./agent-api";

/** The agent of a device as its page shows it: status, inventory, recent check-ins and open tasks; null if none. */
export async function deviceAgent(scope: MemberScope, deviceId: string) {
  const { db: tx, tenantId } = scope;
  await loadHolder(scope, "device", deviceId);
  const [agent] = await tx
    .select({
      id: agents.id,
      status: agentStatusSql,
      hostname: agents.hostname,
      osName: agents.osName,
      osVersion: agents.osVersion,
      osArch: agents.osArch,
      agentVersion: agents.agentVersion,
      ips: agents.ips,
      uptimeSeconds: agents.uptimeSeconds,
      localAccounts: agents.localAccounts,
      checkinIntervalSeconds: agents.checkinIntervalSeconds,
      lastSeenAt: agents.lastSeenAt,
      lastSeenIp: agents.lastSeenIp,
      enrolledAt: agents.enrolledAt,
      revokedAt: agents.revokedAt,
      reissueRequestedAt: agents.reissueRequestedAt,
    })
    .from(agents)
    .where(and(eq(agents.tenantId, tenantId), eq(agents.deviceId, deviceId)));
  if (!agent) return null;
  const [checkins, tasks] = await Promise.all([
    tx
      .select({ at: agentCheckins.at, ip: agentCheckins.ip, changes: agentCheckins.changes, results: agentCheckins.results, tasksSent: agentCheckins.tasksSent })
      .from(agentCheckins)
      .where(and(eq(agentCheckins.tenantId, tenantId), eq(agentCheckins.agentId, agent.id)))
      .orderBy(desc(agentCheckins.at))
      .limit(20),
    tx
      .select({
        id: agentTasks.id,
        username: agentTasks.username,
        status: agentTasks.status,
        createdAt: agentTasks.createdAt,
        deliveredAt: agentTasks.deliveredAt,
        deadlineAt: agentTasks.deadlineAt,
        runId: agentTasks.runId,
        credentialId: rotationRuns.credentialId,
      })
      .from(agentTasks)
      .innerJoin(rotationRuns, and(eq(rotationRuns.tenantId, agentTasks.tenantId), eq(rotationRuns.id, agentTasks.runId)))
      .where(and(eq(agentTasks.tenantId, tenantId), eq(agentTasks.agentId, agent.id), inArray(agentTasks.status, ["queued", "delivered"])))
      .orderBy(desc(agentTasks.createdAt)),
  ]);
  return { ...agent, checkins, openTasks: tasks };
}

async function loadAgent(scope: TenantScope, deviceId: string) {
  const { db: tx, tenantId } = scope;
  const [agent] = await tx.select().from(agents).where(and(eq(agents.tenantId, tenantId), eq(agents.deviceId, deviceId))).for("update");
  if (!agent) throw notFound("Agent");
  return agent;
}

/** Asks for a new agent secret: the agent receives it at its next check-in, and the old one stops working once it is used. */
export async function requestSecretReissue(scope: TenantScope, deviceId: string) {
  const { db: tx } = scope;
  const agent = await loadAgent(scope, deviceId);
  if (agent.revokedAt) throw badInput("deviceId", "This agent is revoked: enroll the machine again instead.");
  await tx.update(agents).set({ reissueRequestedAt: new Date() }).where(eq(agents.id, agent.id));
  await audit(scope, { action: "agent.secret_reissue_requested", target: { type: "device", id: deviceId } });
}

/** Revokes an agent at once: its next request is refused, and its open tasks end (their runs fail at the next sweep). */
export async function revokeAgent(scope: TenantScope, deviceId: string) {
  const { db: tx, tenantId } = scope;
  const agent = await loadAgent(scope, deviceId);
  if (agent.revokedAt) throw badInput("deviceId", "This agent is already revoked.");
  const now = new Date();
  await tx.update(agents).set({ revokedAt: now, nextSecretHash: null, reissueRequestedAt: null }).where(eq(agents.id, agent.id));
  // Due now: the sweep fails their runs and keeps the old passwords.
  await tx
    .update(agentTasks)
    .set({ deadlineAt: now })
    .where(and(eq(agentTasks.tenantId, tenantId), eq(agentTasks.agentId, agent.id), inArray(agentTasks.status, ["queued", "delivered"])));
  await audit(scope, { action: "agent.revoked", target: { type: "device", id: deviceId }, details: { agentId: agent.id } });
}
