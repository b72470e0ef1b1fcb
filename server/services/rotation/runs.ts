import "server-only";
import { aliasedTable, and, count, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { credentials, customers, rotationRuns, rotationTargets, users } from "@/db/schema";
import { dialledByServer } from "@/lib/connector-catalog";
import { openTenantSecret, type Plaintext } from "@/server/crypto";
import { AppError, badInput, notFound } from "@/server/errors";
import { emitEvents } from "@/server/events/outbox";
import { audit } from "../audit/record-audit-event";
import type { CredentialAction } from "@/lib/permissions";
import { assertAllowed, effectivePermission, permissionsOf, requireCredentialAction, visibleCredentialsCondition } from "../sharing/permissions";
import type { MemberScope, TenantScope } from "@/server/scope";
import { handOutSecret } from "../vault/secret-access";
import { promotePending, pendingRef } from "./promote";
import { targetKey } from "./targets";

export type RunTrigger = "manual" | "schedule" | "checkout" | "health_schedule";
const ACTIVE = ["queued", "running", "awaiting_technician"] as const;

async function liveTarget(scope: TenantScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ connector: rotationTargets.connector, host: rotationTargets.host, port: rotationTargets.port })
    .from(credentials)
    .leftJoin(rotationTargets, and(eq(rotationTargets.tenantId, credentials.tenantId), eq(rotationTargets.credentialId, credentials.id)))
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, credentialId), isNull(credentials.deletedAt)));
  if (!row) throw notFound("Password");
  if (!row.connector) throw badInput("connector", "This password has no rotation target: set one up first.");
  return { connector: row.connector, host: row.host!, port: row.port };
}

/**
 * Queues a rotation of one credential and its event, in the caller's transaction. At most one rotation per
 * credential is in flight (a unique index): a second request is refused, or skipped (`null`) for schedules.
 */
export async function requestRotation(
  scope: TenantScope,
  request: { credentialId: string; trigger: RunTrigger; scheduleId?: string | null },
): Promise<{ runId: string } | null> {
  const { db: tx, tenantId } = scope;
  const target = await liveTarget(scope, request.credentialId);
  const [run] = await tx
    .insert(rotationRuns)
    .values({
      tenantId,
      credentialId: request.credentialId,
      kind: "rotation",
      trigger: request.trigger,
      triggeredBy: scope.audit.userId,
      scheduleId: request.scheduleId ?? null,
      connector: target.connector,
    })
    .onConflictDoNothing({
      target: [rotationRuns.tenantId, rotationRuns.credentialId],
      where: sql`kind = 'rotation' and status not in ('succeeded', 'failed')`,
    })
    .returning({ id: rotationRuns.id });
  if (!run) {
    if (request.trigger !== "manual") return null;
    throw new AppError("CONFLICT", "A rotation of this password is already queued or running: wait for it to finish.", "credentialId");
  }
  await audit(scope, {
    action: "credential.rotation_requested",
    target: { type: "credential", id: request.credentialId },
    details: { runId: run.id, trigger: request.trigger },
  });
  await emitEvents(tx, [
    { name: "vaultline/rotation.requested", data: { tenantId, runId: run.id, targetKey: targetKey(tenantId, target, request.credentialId) } },
  ]);
  return { runId: run.id };
}

/** Rotate now, asked by a member: the rule table's rotate (it changes the secret, like an edit), then the run. */
export async function rotateNow(scope: MemberScope, credentialId: string) {
  await requireCredentialAction(scope, credentialId, "rotate");
  return (await requestRotation(scope, { credentialId, trigger: "manual" }))!;
}

/** Check now, asked by a member: the rule table's checkLogin, then the run. */
export async function checkNow(scope: MemberScope, credentialId: string) {
  await requireCredentialAction(scope, credentialId, "checkLogin");
  return requestHealthCheck(scope, { credentialId, trigger: "manual" });
}

/** Queues a login check of the stored password (nothing changes on the target). */
export async function requestHealthCheck(
  scope: TenantScope,
  request: { credentialId: string; trigger: "manual" | "health_schedule" },
): Promise<{ runId: string }> {
  const { db: tx, tenantId } = scope;
  const target = await liveTarget(scope, request.credentialId);
  if (!dialledByServer(target.connector)) throw badInput("connector", "Only targets Vaultline logs into can be checked (not manual or agent ones).");
  const [run] = await tx
    .insert(rotationRuns)
    .values({
      tenantId,
      credentialId: request.credentialId,
      kind: "health_check",
      trigger: request.trigger,
      triggeredBy: scope.audit.userId,
      connector: target.connector,
    })
    .returning({ id: rotationRuns.id });
  await emitEvents(tx, [
    { name: "vaultline/health-check.requested", data: { tenantId, runId: run!.id, targetKey: targetKey(tenantId, target, request.credentialId) } },
  ]);
  return { runId: run!.id };
}

export const listRunsInput = z.object({
  credentialId: z.uuid({ error: "Password id must be a UUID." }).optional(),
  /** One run (its status page, the REST API's run status). */
  runId: z.uuid({ error: "Run id must be a UUID." }).optional(),
  kind: z.enum(["rotation", "health_check"], { error: "Kind must be rotation or health_check." }).optional(),
  status: z.enum(["queued", "running", "awaiting_technician", "awaiting_agent", "succeeded", "failed"], { error: "Unknown run status." }).optional(),
  /** Keyset cursor: the createdAt|id of the last row of the previous page. */
  cursor: z.string().max(80).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

const triggeredByUser = aliasedTable(users, "triggered_by_user");

const runOfCredential = and(eq(credentials.tenantId, rotationRuns.tenantId), eq(credentials.id, rotationRuns.credentialId));

/** What one may do with a run: the rule table's verdict on its password. */
const RUN_ACTIONS = ["revealPending", "completeRotation", "cancelRotation"] as const satisfies CredentialAction[];

/**
 * Rotation and health-check runs of the credentials the member may see, newest first, a page at a time; never the
 * pending password. Each run carries what the member may do with it (`can`).
 */
export async function listRotationRuns(scope: MemberScope, input: z.input<typeof listRunsInput>) {
  const { db: tx, tenantId, member } = scope;
  const q = listRunsInput.parse(input);
  const visible = visibleCredentialsCondition(member);
  const filters = [eq(rotationRuns.tenantId, tenantId)];
  if (visible) filters.push(visible);
  if (q.credentialId) filters.push(eq(rotationRuns.credentialId, q.credentialId));
  if (q.runId) filters.push(eq(rotationRuns.id, q.runId));
  if (q.kind) filters.push(eq(rotationRuns.kind, q.kind));
  if (q.status) filters.push(eq(rotationRuns.status, q.status));
  if (q.cursor) {
    const [at, id] = q.cursor.split("|");
    const when = new Date(at ?? "");
    if (Number.isNaN(when.getTime()) || !id || !z.uuid().safeParse(id).success) throw badInput("cursor", "That page cursor is not valid.");
    filters.push(or(lt(rotationRuns.createdAt, when), and(eq(rotationRuns.createdAt, when), lt(rotationRuns.id, id)))!);
  }
  const rows = await tx
    .select({
      id: rotationRuns.id,
      kind: rotationRuns.kind,
      status: rotationRuns.status,
      step: rotationRuns.step,
      trigger: rotationRuns.trigger,
      connector: rotationRuns.connector,
      error: rotationRuns.error,
      hasPending: sql<boolean>`${rotationRuns.pendingSecret} is not null`,
      createdAt: rotationRuns.createdAt,
      startedAt: rotationRuns.startedAt,
      finishedAt: rotationRuns.finishedAt,
      credentialId: rotationRuns.credentialId,
      credentialName: credentials.name,
      credentialUsername: credentials.username,
      customerId: credentials.customerId,
      customerName: customers.name,
      triggeredByName: triggeredByUser.name,
    })
    .from(rotationRuns)
    .innerJoin(credentials, runOfCredential)
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(triggeredByUser, eq(triggeredByUser.id, rotationRuns.triggeredBy))
    .where(and(...filters))
    .orderBy(desc(rotationRuns.createdAt), desc(rotationRuns.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const permissions = await permissionsOf(scope, [...new Set(page.map((r) => r.credentialId))]);
  const items = page.map((run) => {
    const { can } = permissions.get(run.credentialId)!;
    return { ...run, can: Object.fromEntries(RUN_ACTIONS.map((a) => [a, can[a]])) as Record<(typeof RUN_ACTIONS)[number], boolean> };
  });
  const [active] = await tx
    .select({ n: count() })
    .from(rotationRuns)
    .innerJoin(credentials, runOfCredential)
    .where(and(eq(rotationRuns.tenantId, tenantId), inArray(rotationRuns.status, ["queued", "running"]), visible));
  return {
    items,
    nextCursor: rows.length > q.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
    /** Runs still going on any credential the member sees: the page polls while this is above zero. */
    active: active?.n ?? 0,
  };
}

async function loadRun(scope: TenantScope, runId: string) {
  const { db: tx, tenantId } = scope;
  const [run] = await tx
    .select()
    .from(rotationRuns)
    .where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId)))
    .for("update");
  if (!run) throw notFound("Rotation run");
  return run;
}

/**
 * Throws unless the rule table lets the member do `action` on the run's credential; a run of a password they may
 * not see answers like a run that does not exist.
 */
async function requireRunAction(scope: MemberScope, run: { credentialId: string }, action: CredentialAction) {
  const permission = await effectivePermission(scope, scope.member, run.credentialId);
  if (!permission.visible) throw notFound("Rotation run");
  assertAllowed(scope.member, permission, action);
}

/**
 * Shows an admin the pending password of a run (a manual rotation to carry out, or a failed one to recover
 * from); audited like any reveal. The rule table's revealPending: a checkout where approval is required, and never
 * on a copy-only password (an admin turns copy-only off, audited, to rotate it by hand).
 */
export async function revealPendingPassword(scope: MemberScope, runId: string): Promise<{ value: Plaintext }> {
  const { db: tx, tenantId } = scope;
  const run = await loadRun(scope, runId);
  if (!run.pendingSecret) throw badInput("runId", "This run has no pending password (it was promoted, or never generated).");
  await requireRunAction(scope, run, "revealPending");
  const pending = run.pendingSecret;
  const event = { action: "credential.pending_password_revealed", target: { type: "credential", id: run.credentialId }, details: { runId: run.id } } as const;
  const value = await handOutSecret(scope, event, () => openTenantSecret(tx, tenantId, pendingRef(run.id), pending));
  return { value };
}

/** A technician set the pending password on a manual target by hand: it becomes the current password. */
export async function completeManualRotation(scope: MemberScope, runId: string) {
  const run = await loadRun(scope, runId);
  await requireRunAction(scope, run, "completeRotation");
  if (run.status !== "awaiting_technician") throw badInput("runId", "This run is not waiting for a technician.");
  return promotePending(scope, run);
}

/**
 * Cancels a run that has not touched the target: one still queued, or a manual one nobody carried out. A run
 * past that point is never cancelled, because the target may already have the new password.
 */
export async function cancelRotationRun(scope: MemberScope, runId: string) {
  const { db: tx, tenantId } = scope;
  const run = await loadRun(scope, runId);
  await requireRunAction(scope, run, "cancelRotation");
  const untouched = run.status === "awaiting_technician" || (run.status === "queued" && run.step === null);
  // An agent task may already be on the machine: it ends by the agent's report or its deadline, never by hand.
  if (!ACTIVE.includes(run.status as (typeof ACTIVE)[number]) || !untouched) {
    throw badInput("runId", "Only a queued run or a manual run waiting for a technician can be cancelled.");
  }
  await tx
    .update(rotationRuns)
    .set({ status: "failed", error: `Cancelled by ${scope.audit.label}.`, finishedAt: new Date(), pendingSecret: null })
    .where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId)));
  await audit(scope, {
    action: "credential.rotation_cancelled",
    target: { type: "credential", id: run.credentialId },
    details: { runId },
  });
}
