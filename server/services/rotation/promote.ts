import "server-only";
import { and, eq } from "drizzle-orm";
import { credentials, credentialVersions, rotationRuns } from "@/db/schema";
import { openTenantSecret, type FieldRef } from "@/server/crypto";
import type { TenantScope } from "@/server/scope";
import { sealPassword } from "../vault/credential-seals";
import { audit } from "../audit/record-audit-event";
import { effectivePolicy, expiryFor } from "../vault/policies";

/** A run's pending password is sealed to the run, so it can never be mistaken for (or moved onto) a credential field. */
export const pendingRef = (runId: string): FieldRef => ({ table: "rotation_runs", rowId: runId, field: "pending" });

type RunRow = typeof rotationRuns.$inferSelect;

/**
 * Makes a run's pending password the credential's current one, in one transaction: a new version (kept in
 * history), a fresh expiry by policy, "working" login status, the run marked succeeded, an audit event.
 * The caller holds the run's row lock; a run already promoted is left alone.
 */
export async function promotePending(scope: TenantScope, run: RunRow) {
  const { db: tx, tenantId } = scope;
  if (run.status === "succeeded") return { version: null };
  if (!run.pendingSecret) throw new Error("The run has no pending password to promote.");
  const [credential] = await tx
    .select()
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, run.credentialId)))
    .for("update");
  if (!credential) throw new Error("The password of this run no longer exists.");
  const password = await openTenantSecret(tx, tenantId, pendingRef(run.id), run.pendingSecret);
  const version = credential.version + 1;
  const { secret, secretGeneration } = await sealPassword(scope, credential.id, version, password);
  const policy = await effectivePolicy(scope, { customerId: credential.customerId, policyId: credential.policyId });
  const now = new Date();
  await tx
    .update(credentials)
    .set({
      secret,
      secretGeneration,
      passwordChangedAt: now,
      expiresAt: expiryFor(policy, now),
      version,
      updatedBy: scope.audit.userId,
      loginStatus: "working",
      loginCheckedAt: now,
      loginError: null,
    })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, credential.id)));
  await tx.insert(credentialVersions).values({
    tenantId,
    credentialId: credential.id,
    version,
    changedFields: ["password"],
    secret,
    secretGeneration,
    changedBy: scope.audit.userId,
  });
  await tx
    .update(rotationRuns)
    .set({ status: "succeeded", step: "done", error: null, finishedAt: now, pendingSecret: null })
    .where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, run.id)));
  await audit(scope, {
    action: "credential.rotated",
    target: { type: "credential", id: credential.id },
    details: { runId: run.id, trigger: run.trigger, connector: run.connector, version },
  });
  return { version };
}
