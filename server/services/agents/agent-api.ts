import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import { withGlobal, withTenant, type Tx } from "@/db/client";
import { agentCheckins, agentEnrollmentTokens, agentNonces, agents, agentTasks, devices, type LocalAccount } from "@/db/schema";
import {
  AGENT_CLOCK_SKEW_MS,
  AGENT_OFFLINE_AFTER_INTERVALS,
  type checkinRequest,
  type CheckinResponse,
  type EnrollRequest,
  type EnrollResponse,
  type TaskResult,
} from "@/lib/agent-protocol";
import { takeRateLimit } from "@/server/auth/throttle";
import { hashToken, randomToken, safeEqual } from "@/server/crypto";
import { AppError, badInput } from "@/server/errors";
import { emitEvents } from "@/server/events/outbox";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";

/** How often agents check in: 60 s unless VAULTLINE_AGENT_CHECKIN_SECONDS says otherwise (tests use a few seconds). */
export function checkinIntervalSeconds(): number {
  const configured = Number(process.env.VAULTLINE_AGENT_CHECKIN_SECONDS);
  return Number.isInteger(configured) && configured >= 1 && configured <= 86_400 ? configured : 60;
}
/** How long a delivered task may take before the run fails (the old password stays current). */
export const TASK_RESULT_TIMEOUT_MS = 15 * 60_000;

const RATE_LIMITS = {
  /** Per agent: a check-in a minute is normal; this leaves room for retries without letting one agent flood. */
  agent: { failures: 30, windowMinutes: 1, lockMinutes: 1 },
  /** Per enrollment token and per IP: a whole office enrolling at once fits, a token-guessing loop does not. */
  enrollToken: { failures: 200, windowMinutes: 10, lockMinutes: 10 },
  enrollIp: { failures: 60, windowMinutes: 10, lockMinutes: 10 },
};

const unauthorized = (message: string) => new AppError("UNAUTHORIZED", message);

async function rateLimit(key: string, rule: { failures: number; windowMinutes: number; lockMinutes: number }, what: string) {
  // Counted in its own transaction, so a refused or failing request still counts.
  const wait = await withGlobal((tx) => takeRateLimit(tx, key, rule));
  if (wait > 0) throw new AppError("TOO_MANY_REQUESTS", `Too many requests ${what}: try again in ${wait} seconds.`, undefined, wait);
}

/** `vl<kind>.<tenant id>.<…>`: the tenant is named in clear so the request can be served under that tenant's RLS. */
function tenantOf(credential: string, prefix: "vlen" | "vlag"): string[] | null {
  const parts = credential.split(".");
  if (parts[0] !== prefix || parts.length !== (prefix === "vlen" ? 3 : 4)) return null;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  if (!uuid.test(parts[1]!) || (prefix === "vlag" && !uuid.test(parts[2]!))) return null;
  return parts.slice(1);
}

const agentSecretFor = (tenantId: string, agentId: string) => `vlag.${tenantId}.${agentId}.${randomToken()}`;
const agentActor = (agentId: string, ip: string | null): AuditActor => ({ userId: null, label: `agent:${agentId}`, ip });

/**
 * Enrolls a machine with a customer's enrollment token: creates its agent device (or re-attaches the device of
 * the same machine id) and returns the agent's id and secret, shown only in this answer.
 */
export async function enrollAgent(input: EnrollRequest, ip: string | null): Promise<EnrollResponse> {
  const tokenHash = hashToken(input.token);
  await rateLimit(`agent-enroll-ip:${ip ?? "unknown"}`, RATE_LIMITS.enrollIp, "from this address");
  await rateLimit(`agent-enroll-token:${tokenHash}`, RATE_LIMITS.enrollToken, "with this enrollment token");
  const [tenantId] = tenantOf(input.token, "vlen") ?? [];
  if (!tenantId) throw unauthorized("That enrollment token is not valid.");

  return withTenant(tenantId, async (tx) => {
    const [token] = await tx
      .select()
      .from(agentEnrollmentTokens)
      .where(and(eq(agentEnrollmentTokens.tenantId, tenantId), eq(agentEnrollmentTokens.tokenHash, tokenHash)))
      .for("update");
    if (!token) throw unauthorized("That enrollment token is not valid.");
    if (token.revokedAt) throw unauthorized("That enrollment token was revoked: ask your admin for a new one.");
    if (token.expiresAt <= new Date()) throw unauthorized("That enrollment token has expired: ask your admin for a new one.");
    if (token.maxUses !== null && token.uses >= token.maxUses) throw unauthorized("That enrollment token has been used up: ask your admin for a new one.");

    const [existing] = await tx.select().from(agents).where(and(eq(agents.tenantId, tenantId), eq(agents.machineId, input.machineId)));
    if (existing && existing.customerId !== token.customerId) {
      throw new AppError("CONFLICT", "This machine is enrolled under another customer: revoke it there, then enroll it again.", "machineId");
    }
    const fields = {
      publicKey: input.publicKey,
      hostname: input.hostname,
      osName: input.os.name,
      osVersion: input.os.version,
      osArch: input.os.arch ?? null,
      agentVersion: input.agentVersion,
      revokedAt: null,
      nextSecretHash: null,
      reissueRequestedAt: null,
      offlineSince: null,
      lastSeenAt: new Date(),
      lastSeenIp: ip,
    };
    let agentId: string;
    let deviceId: string;
    if (existing) {
      agentId = existing.id;
      deviceId = existing.deviceId;
      // A re-enrolled machine gets a new key pair and secret: tasks sealed to the old key can no longer be opened.
      await tx
        .update(agentTasks)
        .set({ status: "expired", finishedAt: new Date(), error: "The agent enrolled again with a new key before it ran this task." })
        .where(and(eq(agentTasks.tenantId, tenantId), eq(agentTasks.agentId, agentId), inArray(agentTasks.status, ["queued", "delivered"])));
    } else {
      const [device] = await tx
        .insert(devices)
        .values({ tenantId, customerId: token.customerId, name: input.hostname, kind: "agent", type: "workstation", hostname: input.hostname })
        .returning({ id: devices.id });
      deviceId = device!.id;
      agentId = crypto.randomUUID();
    }
    const secret = agentSecretFor(tenantId, agentId);
    if (existing) await tx.update(agents).set({ ...fields, secretHash: hashToken(secret) }).where(eq(agents.id, agentId));
    else {
      await tx.insert(agents).values({
        tenantId,
        id: agentId,
        deviceId,
        customerId: token.customerId,
        machineId: input.machineId,
        secretHash: hashToken(secret),
        checkinIntervalSeconds: checkinIntervalSeconds(),
        ...fields,
      });
    }
    await tx
      .update(agentEnrollmentTokens)
      .set({ uses: token.uses + 1, lastUsedAt: new Date() })
      .where(eq(agentEnrollmentTokens.id, token.id));
    await recordAuditEvent(tx, tenantId, agentActor(agentId, ip), {
      action: existing ? "agent.reenrolled" : "agent.enrolled",
      target: { type: "device", id: deviceId },
      details: { agentId, tokenId: token.id, hostname: input.hostname, os: `${input.os.name} ${input.os.version}` },
    });
    return { agentId, deviceId, secret, checkinIntervalSeconds: checkinIntervalSeconds() };
  });
}

type AgentRow = typeof agents.$inferSelect;

/** An agent secret whose form names a tenant and an agent; only `parseAgentSecret` makes one. */
export type AgentSecret = { readonly value: string; readonly tenantId: string; readonly agentId: string; readonly __brand: "AgentSecret" };

/** Reads the tenant and agent an agent secret names, or null when the string is not an agent secret at all. */
export function parseAgentSecret(secret: string): AgentSecret | null {
  const parts = tenantOf(secret, "vlag");
  return parts ? ({ value: secret, tenantId: parts[0]!, agentId: parts[1]! } as AgentSecret) : null;
}

/**
 * What an enrolled agent presents with every request: its secret, the time it sent the request (milliseconds since
 * the epoch) and a nonce it never sent before. Errors about them name these fields.
 */
export type AgentCredentials = { secret: AgentSecret; timestamp: number; nonce: string };

/** The check-in body as its schema parsed it. */
export type CheckinInput = z.output<typeof checkinRequest>;

/**
 * Authenticates an agent request in the caller's tenant transaction: the secret (or the re-issued one, which then
 * replaces it), not revoked, and a nonce never seen before (the caller checked the timestamp's skew).
 */
async function authenticate(tx: Tx, { secret, timestamp, nonce }: AgentCredentials): Promise<AgentRow> {
  const { tenantId, agentId } = secret;
  const [agent] = await tx.select().from(agents).where(and(eq(agents.tenantId, tenantId), eq(agents.id, agentId))).for("update");
  const hash = hashToken(secret.value);
  const current = agent && safeEqual(agent.secretHash, hash);
  const reissued = agent?.nextSecretHash ? safeEqual(agent.nextSecretHash, hash) : false;
  if (!agent || (!current && !reissued)) throw unauthorized("The agent's credentials are not valid.");
  if (agent.revokedAt) throw unauthorized("This agent was revoked: enroll it again with a new enrollment token.");
  if (reissued) {
    await tx.update(agents).set({ secretHash: agent.nextSecretHash!, nextSecretHash: null }).where(eq(agents.id, agent.id));
  }
  const seen = new Date(timestamp);
  const [fresh] = await tx
    .insert(agentNonces)
    .values({ tenantId, agentId, nonce, seenAt: seen })
    .onConflictDoNothing()
    .returning({ id: agentNonces.id });
  if (!fresh) throw new AppError("CONFLICT", "This request was already received (its nonce was used before): replays are refused.", "nonce");
  // Nonces older than the skew window can never be accepted again anyway: forget them.
  await tx
    .delete(agentNonces)
    .where(and(eq(agentNonces.tenantId, tenantId), eq(agentNonces.agentId, agentId), lt(agentNonces.seenAt, new Date(Date.now() - 2 * AGENT_CLOCK_SKEW_MS))));
  return agent;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);
/** Compared field by field: jsonb stores object keys in its own order, so the stored accounts never stringify alike. */
const accountKey = (accounts: readonly LocalAccount[]) => accounts.map((a) => [a.username, a.uid, a.shell ?? null, a.locked ?? null]);

/**
 * A check-in: records what the machine reports and the results of earlier tasks, and hands out the tasks that
 * wait for it (again, until the agent reports them, in case an answer was lost on the way).
 */
export async function checkIn(credentials: AgentCredentials, input: CheckinInput, ip: string | null): Promise<CheckinResponse> {
  // Replay protection needs it: nonces are kept only for twice this window.
  if (Math.abs(Date.now() - credentials.timestamp) > AGENT_CLOCK_SKEW_MS) {
    throw badInput("timestamp", "The request time is more than 5 minutes from the server's clock: check the machine's clock.");
  }
  const { tenantId, agentId } = credentials.secret;
  await rateLimit(`agent:${agentId}`, RATE_LIMITS.agent, "from this agent");
  return withTenant(tenantId, async (tx) => {
    const agent = await authenticate(tx, credentials);
    const actor = agentActor(agent.id, ip);
    const now = new Date();
    const changes = [
      agent.hostname !== input.hostname && "hostname",
      (agent.osName !== input.os.name || agent.osVersion !== input.os.version) && "os",
      agent.agentVersion !== input.agentVersion && "agent version",
      !sameList(agent.ips, input.ips) && "ips",
      !sameList(accountKey(agent.localAccounts), accountKey(input.localAccounts)) && "local accounts",
    ].filter((c): c is string => Boolean(c));

    const acknowledged = await recordResults(tx, tenantId, agent, input.results, actor);
    let newSecret: string | undefined;
    if (agent.reissueRequestedAt) {
      newSecret = agentSecretFor(tenantId, agent.id);
      await recordAuditEvent(tx, tenantId, actor, { action: "agent.secret_reissued", target: { type: "device", id: agent.deviceId } });
    }
    await tx
      .update(agents)
      .set({
        hostname: input.hostname,
        osName: input.os.name,
        osVersion: input.os.version,
        osArch: input.os.arch ?? null,
        agentVersion: input.agentVersion,
        ips: input.ips,
        uptimeSeconds: input.uptimeSeconds,
        localAccounts: input.localAccounts,
        lastSeenAt: now,
        lastSeenIp: ip,
        offlineSince: null,
        ...(newSecret ? { nextSecretHash: hashToken(newSecret), reissueRequestedAt: null } : {}),
      })
      .where(eq(agents.id, agent.id));

    const open = await tx
      .select()
      .from(agentTasks)
      .where(and(eq(agentTasks.tenantId, tenantId), eq(agentTasks.agentId, agent.id), inArray(agentTasks.status, ["queued", "delivered"])));
    const queued = open.filter((t) => t.status === "queued");
    if (queued.length > 0) {
      await tx
        .update(agentTasks)
        .set({ status: "delivered", deliveredAt: now, deadlineAt: new Date(now.getTime() + TASK_RESULT_TIMEOUT_MS) })
        .where(inArray(agentTasks.id, queued.map((t) => t.id)));
      for (const task of queued) {
        await recordAuditEvent(tx, tenantId, actor, {
          action: "agent.task_delivered",
          target: { type: "device", id: agent.deviceId },
          details: { taskId: task.id, runId: task.runId, username: task.username },
        });
      }
    }
    const cameBack = agent.offlineSince !== null;
    if (changes.length > 0 || cameBack || input.results.length > 0 || queued.length > 0) {
      await tx.insert(agentCheckins).values({
        tenantId: tenantId,
        agentId: agent.id,
        at: now,
        ip,
        changes: cameBack ? ["back online", ...changes] : changes,
        results: input.results.length,
        tasksSent: queued.length,
      });
    }
    if (changes.length > 0 || cameBack) {
      await recordAuditEvent(tx, tenantId, actor, {
        action: "agent.checkin_changed",
        target: { type: "device", id: agent.deviceId },
        details: { changes: cameBack ? ["back online", ...changes] : changes },
      });
    }
    return {
      checkinIntervalSeconds: agent.checkinIntervalSeconds,
      tasks: open.map((t) => ({ taskId: t.id, kind: "rotate_password" as const, username: t.username, sealed: t.sealedPayload })),
      acknowledged,
      ...(newSecret ? { newSecret } : {}),
    };
  });
}

/** Records task results once; a result for a task already finished (a resend) is acknowledged again. */
async function recordResults(tx: Tx, tenantId: string, agent: AgentRow, results: TaskResult[], actor: AuditActor): Promise<string[]> {
  if (results.length === 0) return [];
  const tasks = await tx
    .select()
    .from(agentTasks)
    .where(and(eq(agentTasks.tenantId, tenantId), eq(agentTasks.agentId, agent.id), inArray(agentTasks.id, results.map((r) => r.taskId))));
  const acknowledged: string[] = [];
  for (const result of results) {
    const task = tasks.find((t) => t.id === result.taskId);
    acknowledged.push(result.taskId);
    // Unknown (another agent's, or purged) and already-recorded results are acknowledged so the agent forgets them.
    if (!task || task.status === "succeeded" || task.status === "failed") continue;
    await tx
      .update(agentTasks)
      .set({ status: result.status, finishedAt: new Date(), error: result.status === "failed" ? (result.error ?? "The agent reported a failure.") : null })
      .where(eq(agentTasks.id, task.id));
    await recordAuditEvent(tx, tenantId, actor, {
      action: result.status === "succeeded" ? "agent.task_succeeded" : "agent.task_failed",
      target: { type: "device", id: agent.deviceId },
      details: { taskId: task.id, runId: task.runId, ...(result.error ? { error: result.error.slice(0, 500) } : {}), late: task.status === "expired" },
    });
    await emitEvents(tx, [{ name: "vaultline/agent.task-finished", data: { tenantId, runId: task.runId } }]);
  }
  return acknowledged;
}

/** Whether a device's agent is online: it checked in within the last three intervals. */
export const onlineSql = sql<boolean>`(${agents.revokedAt} is null and ${agents.lastSeenAt} > now() - make_interval(secs => ${agents.checkinIntervalSeconds} * ${AGENT_OFFLINE_AFTER_INTERVALS}))`;

/** An agent device's state for lists and pages (null when the device has no agent). */
export const agentStatusSql = sql<"online" | "offline" | "revoked" | null>`case
  when ${agents.id} is null then null
  when ${agents.revokedAt} is not null then 'revoked'
  when ${onlineSql} then 'online'
  else 'offline' end`;
