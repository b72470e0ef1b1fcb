import "server-only";
import { and, eq } from "drizzle-orm";
import { credentials, rotationRuns, rotationTargets } from "@/db/schema";
import { dialledByServer } from "@/lib/connector-catalog";
import { generateForPolicy } from "@/lib/password-generator";
import { connectorFor, resolveTarget } from "@/server/connectors";
import type { ConnectorTarget, Login } from "@/server/connectors/types";
import { openTenantSecret, sealTenantSecret } from "@/server/crypto";
import { IntegrityFailure, PermanentFailure } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { getTenantSettings } from "../tenants/workspaces";
import { noteCredentialEvent } from "../vault/credential-events";
import { effectivePolicy } from "../vault/policies";
import { createAgentTask } from "../agents/agent-tasks";
import { pendingRef, promotePending } from "./promote";
import { openCurrentPassword } from "../vault/credential-seals";
import { markLogin, ROTATION, runActor, withRun, type RunRow } from "./run-records";

/*
 * The steps of the rotation and health-check workflows (server/jobs/workflows). Each opens its own short
 * transactions and never holds one across a network call to a target. Each is idempotent: a step re-run after a
 * crash or a retry finds the state its earlier attempt left and carries on from there.
 */

/** Everything a step needs to talk to the target, with the secrets opened; read in one short transaction. */
async function targetContext(scope: TenantScope, run: RunRow) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ credential: credentials, target: rotationTargets })
    .from(credentials)
    .leftJoin(rotationTargets, and(eq(rotationTargets.tenantId, credentials.tenantId), eq(rotationTargets.credentialId, credentials.id)))
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, run.credentialId)));
  if (!row || row.credential.deletedAt) throw new PermanentFailure("The password was deleted.");
  if (!row.target) throw new PermanentFailure("The password no longer has a rotation target.");
  const { credential, target } = row;
  let privileged: Login | null = null;
  if (target.privilegedCredentialId) {
    const [p] = await tx
      .select()
      .from(credentials)
      .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, target.privilegedCredentialId)));
    if (!p || p.deletedAt) throw new PermanentFailure("The privileged login of this target was deleted.");
    privileged = { username: p.username, password: await permanently(openCurrentPassword(scope, p)) };
  }
  const settings = await getTenantSettings(scope);
  return {
    credential,
    target,
    privileged,
    current: await permanently(openCurrentPassword(scope, credential)),
    pending: run.pendingSecret ? await openTenantSecret(tx, tenantId, pendingRef(run.id), run.pendingSecret) : null,
    allowPrivate: settings.allowPrivateTargets,
  };
}

/** A stored password that fails its integrity check will not open on a retry either: the run fails at once. */
async function permanently<T>(opening: Promise<T>): Promise<T> {
  try {
    return await opening;
  } catch (error) {
    throw error instanceof IntegrityFailure ? new PermanentFailure(error.message) : error;
  }
}

/** Resolves and checks the target's address once; the connector dials that address, so DNS cannot change it. */
async function dial(ctx: Awaited<ReturnType<typeof targetContext>>): Promise<ConnectorTarget> {
  const { target } = ctx;
  const { address } = await resolveTarget(target.host, target.port ?? 0, ctx.allowPrivate);
  return { host: target.host, address, port: target.port ?? 0, options: target.options };
}

async function setStep(tenantId: string, runId: string, step: string) {
  await withTenantScope(tenantId, ROTATION, ({ db }) =>
    db.update(rotationRuns).set({ step }).where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId))),
  );
}

type Prepared = { state: "finished" | "awaiting_technician" | "awaiting_agent" | "pending" };

/** Where a run waits when a person or an agent, not the server, delivers the password. */
const waitingStates = {
  manual: { status: "awaiting_technician", step: "technician" },
  agent: { status: "awaiting_agent", step: "agent" },
} as const;

/**
 * Step 1: generates the new password by the credential's policy and stores it as the run's pending password.
 * A re-run keeps the pending password it already stored (it may be on the target already). Manual and agent
 * targets stop here, waiting for the technician or the agent.
 */
export async function prepareRotation(tenantId: string, runId: string): Promise<Prepared> {
  return withRun(tenantId, runId, async (scope, run) => {
    const tx = scope.db;
    if (run.status === "succeeded" || run.status === "failed") return { state: "finished" };
    if (run.status === "awaiting_technician" || run.status === "awaiting_agent") return { state: run.status };
    const ctx = await targetContext(scope, run);
    let pending = ctx.pending;
    let pendingSecret = run.pendingSecret;
    if (!pending) {
      const policy = await effectivePolicy(scope, { customerId: ctx.credential.customerId, policyId: ctx.credential.policyId });
      pending = generateForPolicy(policy) as typeof pending;
      pendingSecret = await sealTenantSecret(tx, tenantId, pendingRef(run.id), pending!);
    }
    const { delivery } = connectorFor(ctx.target.connector);
    // The agent's task goes out sealed to its key in the same transaction that stores the pending password.
    if (delivery === "agent") await createAgentTask(scope, run, ctx.credential, pending!);
    const waiting = delivery === "direct" ? null : waitingStates[delivery];
    await tx
      .update(rotationRuns)
      .set({
        status: waiting?.status ?? "running",
        step: waiting?.step ?? run.step ?? "apply",
        startedAt: run.startedAt ?? new Date(),
        pendingSecret,
      })
      .where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, run.id)));
    return { state: waiting?.status ?? "pending" };
  });
}

/**
 * Step 2: sets the pending password on the target. Before calling the target the run is marked "applying";
 * a run found already in that state may have changed the target before it stopped, so it first checks whether
 * the pending password already logs in (only then: on directories, every failed login counts toward lockout).
 */
export async function applyPendingPassword(tenantId: string, runId: string): Promise<{ applied: boolean }> {
  const { ctx, wasApplying } = await withRun(tenantId, runId, async (scope, run) => {
    const tx = scope.db;
    if (run.status !== "running" || !run.pendingSecret) throw new PermanentFailure("The run is not ready to change the target.");
    // Any later marker means an earlier attempt got as far as calling the target.
    const wasApplying = run.step === "applying" || run.step === "verify" || run.step === "promote";
    if (!wasApplying) await tx.update(rotationRuns).set({ step: "applying" }).where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId)));
    return { ctx: await targetContext(scope, run), wasApplying };
  });
  const connector = connectorFor(ctx.target.connector);
  const target = await dial(ctx);
  const pending = ctx.pending!;
  if (wasApplying && (await connector.verify(target, { username: ctx.credential.username, password: pending })) === "ok") {
    await setStep(tenantId, runId, "verify");
    return { applied: false };
  }
  await connector.apply({
    target,
    account: { username: ctx.credential.username, password: ctx.current },
    privileged: ctx.privileged,
    newPassword: pending,
  });
  await setStep(tenantId, runId, "verify");
  return { applied: true };
}

/** Step 3: logs in with the pending password; the change only counts once the target accepts it. */
export async function verifyPendingPassword(tenantId: string, runId: string): Promise<{ verified: true }> {
  const ctx = await withRun(tenantId, runId, (scope, run) => targetContext(scope, run));
  if (!ctx.pending) throw new PermanentFailure("The run has no pending password to verify.");
  const result = await connectorFor(ctx.target.connector).verify(await dial(ctx), { username: ctx.credential.username, password: ctx.pending });
  if (result !== "ok") throw new Error("The target refused the new password right after it was set.");
  await setStep(tenantId, runId, "promote");
  return { verified: true };
}

/** Step 4: the pending password becomes the current one (see promotePending). */
export async function promoteRotation(tenantId: string, runId: string): Promise<{ version: number | null }> {
  return withRun(tenantId, runId, (scope, run) => promotePending(scope, run));
}

/**
 * After a failed step: logs in with the current and (when the target may have been changed) the pending
 * password, so the run's error says which one the target accepts. Never changes anything on the target.
 */
export async function diagnoseFailedRotation(tenantId: string, runId: string): Promise<{ note: string | null }> {
  const { ctx, touched } = await withRun(tenantId, runId, async (scope, run) => {
    if (run.status === "succeeded" || run.status === "failed") return { ctx: null, touched: false };
    // Before "applying" nothing was sent to the target; a manual target cannot be checked.
    const touched = run.step === "applying" || run.step === "verify" || run.step === "promote";
    try {
      return { ctx: await targetContext(scope, run), touched };
    } catch {
      return { ctx: null, touched };
    }
  });
  if (!ctx || !dialledByServer(ctx.target.connector)) return { note: null };
  const check = async (password: string) => {
    try {
      const connector = connectorFor(ctx.target.connector);
      return (await connector.verify(await dial(ctx), { username: ctx.credential.username, password })) === "ok";
    } catch {
      return null;
    }
  };
  const currentWorks = await check(ctx.current);
  const pendingWorks = touched && ctx.pending ? await check(ctx.pending) : false;
  if (currentWorks === true) return { note: "The stored password still logs in." };
  if (pendingWorks === true) {
    return { note: "The target now accepts the pending password, not the stored one: an admin can reveal it on this run." };
  }
  if (currentWorks === false) return { note: "The target refuses the stored password." };
  return { note: null };
}

/**
 * The health check: logs in with the stored password and records whether it works. A password that stops
 * working is marked "not working" everywhere and notified once, when it changes from working or unknown.
 */
export async function runHealthCheck(tenantId: string, runId: string): Promise<{ status: "working" | "not_working" | "finished" }> {
  const ctx = await withRun(tenantId, runId, async (scope, run) => {
    const tx = scope.db;
    if (run.status === "succeeded" || run.status === "failed") return null;
    await tx
      .update(rotationRuns)
      .set({ status: "running", step: "check", startedAt: run.startedAt ?? new Date() })
      .where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId)));
    return { run, ...(await targetContext(scope, run)) };
  });
  if (!ctx) return { status: "finished" };
  const result = await connectorFor(ctx.target.connector).verify(await dial(ctx), { username: ctx.credential.username, password: ctx.current });
  const status = result === "ok" ? "working" : "not_working";
  await withTenantScope(tenantId, runActor(ctx.run), async (scope) => {
    const tx = scope.db;
    const [before] = await tx
      .select({ loginStatus: credentials.loginStatus })
      .from(credentials)
      .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, ctx.credential.id)))
      .for("update");
    const error = status === "working" ? null : "The target refused the stored password at the last health check.";
    await markLogin(scope, ctx.credential.id, status, error);
    const now = new Date();
    await tx
      .update(rotationRuns)
      .set({ status: status === "working" ? "succeeded" : "failed", step: "done", error, finishedAt: now })
      .where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId)));
    if (status === "not_working" && before?.loginStatus !== "not_working") {
      await audit(scope, {
        action: "credential.login_failed",
        target: { type: "credential", id: ctx.credential.id },
        details: { runId },
      });
      await noteCredentialEvent(scope, { type: "not_working", credentialId: ctx.credential.id, actorUserId: null, detail: error! });
    }
  });
  return { status };
}
