import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { sendWithCommit, withGlobal } from "@/db/client";
import { reusableStatement } from "@/db/reusable-statement";
import { agentCheckins, agentEnrollmentTokens, agents, agentTasks, devices, type LocalAccount } from "@/db/schema";
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
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit, type AuditActor } from "../audit/record-audit-event";

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
const tooManyRequests = (wait: number, what: string) => new AppError("TOO_MANY_REQUESTS", `Too many requests ${what}: try again in ${wait} seconds.`, undefined, wait);

async function rateLimit(key: string, rule: { failures: number; windowMinutes: number; lockMinutes: number }, what: string) {
  // Counted in its own transaction, so a refused or failing request still counts.
  const wait = await withGlobal((tx) => takeRateLimit(tx, key, rule));
  if (wait > 0) throw tooManyRequests(wait, what);
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

  return withTenantScope(tenantId, { userId: null, label: "agent enrollment", ip }, async (scope) => {
    const tx = scope.db;
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
      // Enrollment reports part of the inventory: the next check-in compares it field by field.
      inventoryHash: null,
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
    await audit({ ...scope, audit: agentActor(agentId, ip) }, {
      action: existing ? "agent.reenrolled" : "agent.enrolled",
      target: { type: "device", id: deviceId },
      details: { agentId, tokenId: token.id, hostname: input.hostname, os: `${input.os.name} ${input.os.version}` },
    });
    return { agentId, deviceId, secret, checkinIntervalSeconds: checkinIntervalSeconds() };
  });
}

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

/** What a check-in reads of its agent: identity and state, and the hash of the last inventory rather than the inventory. */
const checkinColumns = {
  id: agents.id,
  deviceId: agents.deviceId,
  secretHash: agents.secretHash,
  nextSecretHash: agents.nextSecretHash,
  reissueRequestedAt: agents.reissueRequestedAt,
  revokedAt: agents.revokedAt,
  offlineSince: agents.offlineSince,
  checkinIntervalSeconds: agents.checkinIntervalSeconds,
  inventoryHash: agents.inventoryHash,
  recentNonces: agents.recentNonces,
};
type CheckinAgent = Pick<typeof agents.$inferSelect, keyof typeof checkinColumns>;
type Authenticated = { agent: CheckinAgent; reissued: boolean; recentNonces: Record<string, number> };
type Refused = { refused: AppError };

/**
 * Checks an agent's credentials against its locked row: the secret (or the re-issued one), not revoked, and a nonce
 * not among its recent ones (the caller checked the timestamp's skew). The refusal, or what the row must remember.
 */
function authenticate(agent: CheckinAgent | undefined, { secret, timestamp, nonce }: AgentCredentials): Authenticated | Refused {
  const hash = hashToken(secret.value);
  const current = agent && safeEqual(agent.secretHash, hash);
  const reissued = agent?.nextSecretHash ? safeEqual(agent.nextSecretHash, hash) : false;
  if (!agent || (!current && !reissued)) return { refused: unauthorized("The agent's credentials are not valid.") };
  if (agent.revokedAt) return { refused: unauthorized("This agent was revoked: enroll it again with a new enrollment token.") };
  if (Object.hasOwn(agent.recentNonces, nonce)) {
    return { refused: new AppError("CONFLICT", "This request was already received (its nonce was used before): replays are refused.", "nonce") };
  }
  // Nonces older than twice the skew window can never be accepted again anyway: forget them.
  const horizon = Date.now() - 2 * AGENT_CLOCK_SKEW_MS;
  const recentNonces = Object.fromEntries([...Object.entries(agent.recentNonces).filter(([, at]) => at >= horizon), [nonce, timestamp]]);
  return { agent, reissued, recentNonces };
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);
/** Compared field by field: jsonb stores object keys in its own order, so the stored accounts never stringify alike. */
const accountKey = (accounts: readonly LocalAccount[]) => accounts.map((a) => [a.username, a.uid, a.shell ?? null, a.locked ?? null]);

/** SHA-256 of everything a check-in reports but the uptime, in a fixed order. */
function inventoryHash(input: CheckinInput): string {
  const inventory = [input.hostname, input.os.name, input.os.version, input.os.arch ?? null, input.agentVersion, input.ips, accountKey(input.localAccounts)];
  return createHash("sha256").update(JSON.stringify(inventory)).digest("hex");
}

/** What differs between the stored inventory and this report (read only when the hashes differ). */
async function inventoryChanges({ db: tx, tenantId }: TenantScope, agentId: string, input: CheckinInput): Promise<string[]> {
  const [stored] = await tx
    .select({ hostname: agents.hostname, osName: agents.osName, osVersion: agents.osVersion, agentVersion: agents.agentVersion, ips: agents.ips, localAccounts: agents.localAccounts })
    .from(agents)
    .where(and(eq(agents.tenantId, tenantId), eq(agents.id, agentId)));
  return [
    stored!.hostname !== input.hostname && "hostname",
    (stored!.osName !== input.os.name || stored!.osVersion !== input.os.version) && "os",
    stored!.agentVersion !== input.agentVersion && "agent version",
    !sameList(stored!.ips, input.ips) && "ips",
    !sameList(accountKey(stored!.localAccounts), accountKey(input.localAccounts)) && "local accounts",
  ].filter((c): c is string => Boolean(c));
}

// A check-in's statements, written once per process (db/reusable-statement.ts): each agent runs them every minute.
const lockedAgent = reusableStatement("checkin_locked_agent", (tx) =>
  tx
    .select(checkinColumns)
    .from(agents)
    .where(and(eq(agents.tenantId, sql.placeholder("tenantId")), eq(agents.id, sql.placeholder("agentId"))))
    .for("update"),
);
const openTasks = reusableStatement("checkin_open_tasks", (tx) =>
  tx
    .select({ id: agentTasks.id, status: agentTasks.status, runId: agentTasks.runId, username: agentTasks.username, sealed: agentTasks.sealedPayload })
    .from(agentTasks)
    .where(and(eq(agentTasks.tenantId, sql.placeholder("tenantId")), eq(agentTasks.agentId, sql.placeholder("agentId")), inArray(agentTasks.status, ["queued", "delivered"]))),
);
/** The steady check-in's only write: last seen (time, address, uptime) and the replay window. */
const markSeen = reusableStatement("checkin_mark_seen", (tx) =>
  tx
    .update(agents)
    .set({
      lastSeenAt: sql`${sql.placeholder("now")}::timestamptz`,
      // Set here: the column's $onUpdate would be evaluated once, when the statement is written.
      updatedAt: sql`${sql.placeholder("now")}::timestamptz`,
      lastSeenIp: sql`${sql.placeholder("lastSeenIp")}::text`,
      uptimeSeconds: sql`${sql.placeholder("uptimeSeconds")}::integer`,
      // As text, then cast: the driver's own JSON conversion is skipped for a placeholder.
      recentNonces: sql`${sql.placeholder("recentNonces")}::text::jsonb`,
    })
    .where(and(eq(agents.tenantId, sql.placeholder("tenantId")), eq(agents.id, sql.placeholder("agentId")))),
);

/**
 * A check-in: records what the machine reports and the results of earlier tasks, and hands out the tasks that
 * wait for it (again, until the agent reports them, in case an answer was lost on the way). An unchanged report
 * writes last-seen (time, address, uptime) and the replay window only.
 */
export async function checkIn(credentials: AgentCredentials, input: CheckinInput, ip: string | null): Promise<CheckinResponse> {
  // Replay protection needs it: nonces are kept only for twice this window.
  if (Math.abs(Date.now() - credentials.timestamp) > AGENT_CLOCK_SKEW_MS) {
    throw badInput("timestamp", "The request time is more than 5 minutes from the server's clock: check the machine's clock.");
  }
  const { tenantId, agentId } = credentials.secret;
  // A refusal is returned from the transaction, not thrown in it, so that the transaction commits the request's
  // count against the agent's rate limit: refused requests count too.
  const outcome = await withTenantScope(tenantId, agentActor(agentId, ip), async (scope): Promise<Refused | { answer: CheckinResponse }> => {
    // One round trip: the request counted, the agent locked, its open tasks read.
    const [wait, [agent], open] = await Promise.all([
      takeRateLimit(scope.db, `agent:${agentId}`, RATE_LIMITS.agent),
      lockedAgent(scope.db, { tenantId, agentId }),
      openTasks(scope.db, { tenantId, agentId }),
    ]);
    if (wait > 0) return { refused: tooManyRequests(wait, "from this agent") };
    const authenticated = authenticate(agent, credentials);
    if ("refused" in authenticated) return authenticated;
    return { answer: await recordCheckin(scope, authenticated, open, input) };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.answer;
}

type OpenTask = { id: string; status: string; runId: string; username: string; sealed: string };

async function recordCheckin(
  scope: TenantScope,
  { agent, reissued, recentNonces }: Authenticated,
  open: OpenTask[],
  input: CheckinInput,
): Promise<CheckinResponse> {
  const { db: tx, tenantId } = scope;
  const now = new Date();
  const hash = inventoryHash(input);
  const changes = agent.inventoryHash === hash ? [] : await inventoryChanges(scope, agent.id, input);
  const acknowledged = await recordResults(scope, agent, input.results);
  let newSecret: string | undefined;
  if (agent.reissueRequestedAt) {
    newSecret = agentSecretFor(tenantId, agent.id);
    await audit(scope, { action: "agent.secret_reissued", target: { type: "device", id: agent.deviceId } });
  }
  const cameBack = agent.offlineSince !== null;
  const steady = agent.inventoryHash === hash && !cameBack && !reissued && !newSecret;
  const seen = { lastSeenAt: now, lastSeenIp: scope.audit.ip ?? null, uptimeSeconds: input.uptimeSeconds, recentNonces };
  // Read with the agent: a task whose result this check-in brought is no longer open.
  const pending = open.filter((t) => !acknowledged.includes(t.id));
  const queued = pending.filter((t) => t.status === "queued");
  if (steady) {
    const { lastSeenAt, ...values } = seen;
    const marked = markSeen(tx, { ...values, now: lastSeenAt.toISOString(), recentNonces: JSON.stringify(recentNonces), tenantId, agentId: agent.id });
    // The common check-in writes nothing else: its COMMIT goes with the write (one round trip for both).
    if (queued.length === 0 && input.results.length === 0) await sendWithCommit(tx, marked);
    else await marked;
  } else {
    await tx
      .update(agents)
      .set({
        ...seen,
        ...(agent.inventoryHash === hash
          ? {}
          : {
              hostname: input.hostname,
              osName: input.os.name,
              osVersion: input.os.version,
              osArch: input.os.arch ?? null,
              agentVersion: input.agentVersion,
              ips: input.ips,
              localAccounts: input.localAccounts,
              inventoryHash: hash,
            }),
        ...(cameBack ? { offlineSince: null } : {}),
        // The re-issued secret was used: it replaces the old one (a newer one issued below waits in its place).
        ...(reissued ? { secretHash: agent.nextSecretHash!, nextSecretHash: null } : {}),
        ...(newSecret ? { nextSecretHash: hashToken(newSecret), reissueRequestedAt: null } : {}),
      })
      .where(and(eq(agents.tenantId, tenantId), eq(agents.id, agent.id)));
  }

  if (queued.length > 0) {
    await tx
      .update(agentTasks)
      .set({ status: "delivered", deliveredAt: now, deadlineAt: new Date(now.getTime() + TASK_RESULT_TIMEOUT_MS) })
      .where(inArray(agentTasks.id, queued.map((t) => t.id)));
    for (const task of queued) {
      await audit(scope, {
        action: "agent.task_delivered",
        target: { type: "device", id: agent.deviceId },
        details: { taskId: task.id, runId: task.runId, username: task.username },
      });
    }
  }
  if (changes.length > 0 || cameBack || input.results.length > 0 || queued.length > 0) {
    await tx.insert(agentCheckins).values({
      tenantId,
      agentId: agent.id,
      at: now,
      ip: scope.audit.ip ?? null,
      changes: cameBack ? ["back online", ...changes] : changes,
      results: input.results.length,
      tasksSent: queued.length,
    });
  }
  if (changes.length > 0 || cameBack) {
    await audit(scope, {
      action: "agent.checkin_changed",
      target: { type: "device", id: agent.deviceId },
      details: { changes: cameBack ? ["back online", ...changes] : changes },
    });
  }
  return {
    checkinIntervalSeconds: agent.checkinIntervalSeconds,
    tasks: pending.map((t) => ({ taskId: t.id, kind: "rotate_password" as const, username: t.username, sealed: t.sealed })),
    acknowledged,
    ...(newSecret ? { newSecret } : {}),
  };
}

/** Records task results once; a result for a task already finished (a resend) is acknowledged again. */
async function recordResults(scope: TenantScope, agent: CheckinAgent, results: TaskResult[]): Promise<string[]> {
  const { db: tx, tenantId } = scope;
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
    await audit(scope, {
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
