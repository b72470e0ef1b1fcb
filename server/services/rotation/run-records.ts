import "server-only";
import { and, eq } from "drizzle-orm";
import { credentials, rotationRuns } from "@/db/schema";
import { PermanentFailure } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit, type AuditActor } from "../audit/record-audit-event";
import { noteCredentialEvent } from "../vault/credential-events";

/*
 * A rotation run's row: locked by every step, and closed as failed by the workflow (rotate.ts) and by the agent's
 * task handling (agents/agent-tasks.ts). Kept out of rotate.ts, which hands tasks to agents: one import direction.
 */

export type RunRow = typeof rotationRuns.$inferSelect;

const MAX_ERROR_LENGTH = 1000;

/** Who the audit trail names for a run's own steps. */
export const runActor = (run: RunRow): AuditActor => ({ userId: run.triggeredBy, label: run.triggeredBy ? "rotation (requested)" : "rotation (scheduled)" });

/** The actor of a step before its run is read (it then acts as the run's: runActor). */
export const ROTATION: AuditActor = { userId: null, label: "rotation" };

/** Locks the run's row for the transaction; a run that is gone fails its workflow for good. */
async function lockRun(scope: TenantScope, runId: string): Promise<RunRow> {
  const [run] = await scope.db
    .select()
    .from(rotationRuns)
    .where(and(eq(rotationRuns.tenantId, scope.tenantId), eq(rotationRuns.id, runId)))
    .for("update");
  if (!run) throw new PermanentFailure("The rotation run no longer exists.");
  return run;
}

/**
 * Runs `fn` in a tenant transaction of its own with the run locked, acting as the run's actor (who asked for it, or
 * its schedule).
 */
export function withRun<T>(tenantId: string, runId: string, fn: (scope: TenantScope, run: RunRow) => Promise<T>): Promise<T> {
  return withTenantScope(tenantId, ROTATION, async (scope) => {
    const run = await lockRun(scope, runId);
    return fn({ ...scope, audit: runActor(run) }, run);
  });
}

/**
 * Marks the run failed with the target's error (never a password) and queues the "rotation failed"
 * notification. The current password is untouched; the pending one stays on the run for admins.
 */
export async function failRotation(tenantId: string, runId: string, message: string, note: string | null): Promise<{ failed: boolean }> {
  return withRun(tenantId, runId, async (scope, run) => {
    const tx = scope.db;
    if (run.status === "succeeded" || run.status === "failed") return { failed: false };
    const error = [message, note].filter(Boolean).join(" ").slice(0, MAX_ERROR_LENGTH);
    const now = new Date();
    await tx.update(rotationRuns).set({ status: "failed", error, finishedAt: now }).where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId)));
    if (note?.startsWith("The target refuses the stored password")) {
      await markLogin(scope, run.credentialId, "not_working", error);
    }
    await audit(scope, {
      action: "credential.rotation_failed",
      target: { type: "credential", id: run.credentialId },
      details: { runId, error },
    });
    await noteCredentialEvent(scope, { type: "rotation_failed", credentialId: run.credentialId, actorUserId: run.triggeredBy, detail: error });
    return { failed: true };
  });
}

/** Records whether the stored password logged in at the last check. */
export async function markLogin(scope: TenantScope, credentialId: string, status: "working" | "not_working", error: string | null) {
  const { db: tx, tenantId } = scope;
  await tx
    .update(credentials)
    .set({ loginStatus: status, loginCheckedAt: new Date(), loginError: error })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, credentialId)));
}

/** A health check that could not reach a verdict (target unreachable): the run fails, the login status stays. */
export async function failHealthCheck(tenantId: string, runId: string, message: string): Promise<void> {
  await withRun(tenantId, runId, async (scope, run) => {
    const tx = scope.db;
    if (run.status === "succeeded" || run.status === "failed") return;
    await tx
      .update(rotationRuns)
      .set({ status: "failed", error: message.slice(0, MAX_ERROR_LENGTH), finishedAt: new Date() })
      .where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, runId)));
  });
}
