import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { credentials, credentialVersions, rotationRuns, rotationSchedules, rotationTargets, type StoredCustomField } from "@/db/schema";
import { sealTenantSecret, type Sealed } from "@/server/crypto";
import { parseTotpSecret } from "@/server/crypto/totp";
import { workspaceRoleAllows, roleAllows } from "@/lib/permissions";
import { AppError, badInput } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { effectiveAccessPolicy } from "../access/policies";
import { assertWithinLimits, requireCredentialAction, subjectPermission } from "../sharing/permissions";
import { noteCredentialEvent } from "./credential-events";
import type { createCredentialInput, Target, updateCredentialInput } from "./credential-input";
import { assertPolicy, enforcePolicy, recordOverride, type PolicyOverride } from "./credential-policy";
import { loadCredential } from "./credential-queries";
import { assertNoClash } from "./edit-conflicts";
import { credentialFieldRef, sealPassword } from "./credential-seals";
import { findHolder } from "./holders";
import { expiryFor } from "./policies";

/*
 * Writing credentials: create, inline edit (optimistic concurrency on `version`), trash, restore, purge. Each write
 * adds a history version where the fields change, and an audit event naming the fields, never their values.
 */

/**
 * Files a credential under its target: the customer, and the contact or device when it is one. A target the member
 * may not see (a restricted technician's) is answered exactly like one that does not exist.
 */
export async function resolveTarget(scope: MemberScope, target: Target) {
  if (target.type === "customer") {
    const row = await findHolder(scope, "customer", target.id);
    if (!row) throw badInput("target", "That customer does not exist in this workspace.");
    return { customerId: row.id, contactId: null, deviceId: null };
  }
  const row = await findHolder(scope, target.type, target.id);
  if (!row) throw badInput("target", `That ${target.type} does not exist in this workspace.`);
  return {
    customerId: row.customerId,
    contactId: target.type === "contact" ? row.id : null,
    deviceId: target.type === "device" ? row.id : null,
  };
}

/**
 * Filing a password under a customer needs modify on that customer for members whose role does not already give it
 * (restricted technicians: a customer share at modify or full), so nobody creates what they could not see.
 */
async function assertMayFileUnder(scope: MemberScope, customerId: string) {
  const permission = await subjectPermission(scope, { customerId });
  if (permission.level !== "modify" && permission.level !== "full") {
    throw new AppError("FORBIDDEN", "You need modify access to this customer to file passwords under it.", "target");
  }
}

function totpSeedOf(totp: string): string | null {
  if (totp.trim() === "") return null;
  const parsed = parseTotpSecret(totp);
  if ("error" in parsed) throw badInput("totp", parsed.error);
  return parsed.seed;
}

async function sealCustomFields(
  scope: TenantScope,
  id: string,
  fields: z.infer<typeof createCredentialInput>["customFields"],
  previous: StoredCustomField[] = [],
): Promise<StoredCustomField[]> {
  const sealed: StoredCustomField[] = [];
  for (const field of fields) {
    const fieldId = field.id ?? randomUUID();
    if (field.type === "text") {
      sealed.push({ id: fieldId, label: field.label, type: "text", value: field.value });
      continue;
    }
    // An unchanged secret field comes back empty from the form (it never had the value): keep the stored one.
    const kept = previous.find((p) => p.id === fieldId && p.type === "secret");
    const value =
      field.value === "" && kept
        ? (kept.value as Sealed)
        : await sealTenantSecret(scope.db, scope.tenantId, credentialFieldRef(id, `custom:${fieldId}`), field.value);
    sealed.push({ id: fieldId, label: field.label, type: "secret", value });
  }
  return sealed;
}

/** CONFLICT naming the field when another password of the workspace (the trash included) has this external id. */
async function assertExternalIdFree(scope: TenantScope, externalId: string | null | undefined, ownId?: string) {
  if (!externalId) return;
  const [taken] = await scope.db
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.tenantId, scope.tenantId), eq(credentials.externalId, externalId)));
  if (taken && taken.id !== ownId) throw new AppError("CONFLICT", "Another password (perhaps in the trash) already has this external id.", "externalId");
}

/**
 * Stores a new credential: secrets sealed (bound to this row), the first history version, and an audit event
 * naming the fields set. Returns its id and version.
 */
export async function createCredential(scope: MemberScope, input: z.infer<typeof createCredentialInput>) {
  const { db: tx, tenantId, member } = scope;
  const target = await resolveTarget(scope, input.target);
  await assertMayFileUnder(scope, target.customerId);
  await assertPolicy(scope, input.policyId);
  await assertExternalIdFree(scope, input.externalId);
  const where = { customerId: target.customerId, policyId: input.policyId };
  const { policy, overridden } = await enforcePolicy(scope, where, input.password, {
    reason: input.overrideReason,
    allowed: roleAllows(member.role, "overridePolicy"),
  });
  const id = randomUUID();
  const totpSeed = totpSeedOf(input.totp);
  const { secret, secretGeneration } = await sealPassword(scope, id, 1, input.password);
  const row = {
    tenantId,
    id,
    ...target,
    kind: input.kind,
    name: input.name,
    username: input.username,
    secret,
    secretGeneration,
    domain: input.domain,
    loginUrl: input.loginUrl,
    notes: input.notes ? await sealTenantSecret(tx, tenantId, credentialFieldRef(id, "notes"), input.notes) : null,
    totpSeed: totpSeed ? await sealTenantSecret(tx, tenantId, credentialFieldRef(id, "totp"), totpSeed) : null,
    tags: [...new Set(input.tags)],
    customFields: await sealCustomFields(scope, id, input.customFields),
    policyId: input.policyId,
    externalId: input.externalId,
    expiresAt: input.expiresAt ?? expiryFor(policy, new Date()),
    createdBy: member.userId,
    updatedBy: member.userId,
  };
  await tx.insert(credentials).values(row);
  const changedFields = [
    "name",
    "password",
    ...(["username", "domain", "loginUrl", "notes", "totp"] as const).filter((f) => input[f] !== ""),
    ...(input.externalId ? ["externalId"] : []),
  ];
  await tx.insert(credentialVersions).values({
    tenantId,
    credentialId: id,
    version: 1,
    changedFields,
    secret,
    secretGeneration,
    changedBy: member.userId,
    overrideReason: overridden?.reason ?? null,
  });
  await assertWithinLimits(scope, id);
  await audit(scope, {
    action: "credential.created",
    target: { type: "credential", id },
    details: { fields: changedFields, customerId: target.customerId },
  });
  await recordOverride(scope, id, overridden);
  return { id, version: 1 };
}

/**
 * An edit (a tag, the name, the customer) can take a password out of a dynamic credential group and so out of
 * approval. Only owners and admins may do that, and it is audited; for anyone else the edit is refused whole.
 */
async function guardApprovalControl(scope: MemberScope, id: string, policyIdsBefore: string[]) {
  const after = new Set((await effectiveAccessPolicy(scope, id))?.policyIds ?? []);
  const left = policyIdsBefore.filter((policyId) => !after.has(policyId));
  if (left.length === 0) return;
  if (!workspaceRoleAllows(scope.member.role, "releaseFromApproval")) {
    throw new AppError("FORBIDDEN", "This change would take the password out of a credential group that needs approval; only an owner or admin can do that.");
  }
  await audit(scope, { action: "credential.left_access_policy", target: { type: "credential", id }, details: { policyIds: left } });
}

/**
 * Applies an inline edit made on `version`. When others changed the password since, the edit still applies if it
 * touches none of the fields they changed; otherwise it is refused with who changed what and what is stored now
 * (see edit-conflicts.ts) — never a silent overwrite. Every change adds a history version and an audit event naming
 * the changed fields.
 */
export async function updateCredential(scope: MemberScope, input: z.infer<typeof updateCredentialInput>) {
  const { db: tx, tenantId, member } = scope;
  const row = await loadCredential(scope, input.id, { lock: true });
  const permission = await requireCredentialAction(scope, row.id, "edit");
  const changedByOthers = await assertNoClash(scope, row, input.version, Object.keys(input.changes));
  const controlledBefore = permission.checkout.required ? await effectiveAccessPolicy(scope, row.id) : null;
  const c = input.changes;
  const set: Partial<typeof credentials.$inferInsert> = {};
  if (c.target) {
    const target = await resolveTarget(scope, c.target);
    if (target.customerId !== row.customerId) await assertMayFileUnder(scope, target.customerId);
    Object.assign(set, target);
  }
  await assertPolicy(scope, c.policyId);
  await assertExternalIdFree(scope, c.externalId, row.id);
  for (const key of ["kind", "name", "username", "domain", "loginUrl", "policyId", "expiresAt", "externalId"] as const) {
    if (c[key] !== undefined) Object.assign(set, { [key]: c[key] });
  }
  if (c.tags) set.tags = [...new Set(c.tags)];
  let overridden: PolicyOverride | null = null;
  if (c.password !== undefined) {
    const where = {
      customerId: set.customerId ?? row.customerId,
      policyId: c.policyId !== undefined ? c.policyId : row.policyId,
      credentialId: row.id,
    };
    const checked = await enforcePolicy(scope, where, c.password, { reason: input.overrideReason, allowed: permission.can.overridePolicy });
    overridden = checked.overridden;
    Object.assign(set, await sealPassword(scope, row.id, row.version + 1, c.password));
    set.passwordChangedAt = new Date();
    // A new password restarts the expiry, unless someone set the expiry since this edit began: theirs stands.
    if (c.expiresAt === undefined && !changedByOthers.has("expiresAt")) set.expiresAt = expiryFor(checked.policy, set.passwordChangedAt);
  }
  if (c.notes !== undefined) set.notes = c.notes ? await sealTenantSecret(tx, tenantId, credentialFieldRef(row.id, "notes"), c.notes) : null;
  if (c.totp !== undefined) {
    const seed = totpSeedOf(c.totp);
    set.totpSeed = seed ? await sealTenantSecret(tx, tenantId, credentialFieldRef(row.id, "totp"), seed) : null;
  }
  if (c.customFields) set.customFields = await sealCustomFields(scope, row.id, c.customFields, row.customFields);
  const changedFields = Object.keys(c);
  const nextVersion = row.version + 1;
  // The row is locked since it was read, so nobody else's edit lands between the check above and this write.
  await tx
    .update(credentials)
    .set({ ...set, version: nextVersion, updatedBy: member.userId })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, row.id)));
  await tx.insert(credentialVersions).values({
    tenantId,
    credentialId: row.id,
    version: nextVersion,
    changedFields,
    secret: set.secret ?? null,
    secretGeneration: set.secretGeneration ?? null,
    changedBy: member.userId,
    overrideReason: overridden?.reason ?? null,
  });
  await assertWithinLimits(scope, row.id);
  await audit(scope, {
    action: "credential.updated",
    target: { type: "credential", id: row.id },
    // An edit merged over others' changes names the version it was made on.
    details: { fields: changedFields, version: nextVersion, ...(input.version !== row.version ? { editedVersion: input.version } : {}) },
  });
  if (controlledBefore) await guardApprovalControl(scope, row.id, controlledBefore.policyIds);
  await recordOverride(scope, row.id, overridden);
  await noteCredentialEvent(scope, { type: "modified", credentialId: row.id, actorUserId: member.userId, detail: `Changed: ${changedFields.join(", ")}` });
  return { id: row.id, version: nextVersion };
}

/** Moves a credential to the trash (restorable). */
export async function deleteCredential(scope: MemberScope, id: string) {
  const { db: tx, tenantId, member } = scope;
  const row = await loadCredential(scope, id);
  await requireCredentialAction(scope, row.id, "delete");
  await tx
    .update(credentials)
    .set({ deletedAt: new Date(), deletedBy: member.userId, version: row.version + 1, updatedBy: member.userId })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  await audit(scope, { action: "credential.deleted", target: { type: "credential", id } });
  await noteCredentialEvent(scope, { type: "deleted", credentialId: id, actorUserId: member.userId });
}

/** Brings a credential back from the trash. */
export async function restoreCredential(scope: MemberScope, id: string) {
  const row = await loadCredential(scope, id, { deleted: true });
  await requireCredentialAction(scope, row.id, "see");
  await scope.db
    .update(credentials)
    .set({ deletedAt: null, deletedBy: null, version: row.version + 1, updatedBy: scope.member.userId })
    .where(and(eq(credentials.tenantId, scope.tenantId), eq(credentials.id, id)));
  await audit(scope, { action: "credential.restored", target: { type: "credential", id } });
}

/** Deletes a trashed credential and its history for good. */
export async function purgeCredential(scope: TenantScope, id: string) {
  const { db: tx, tenantId } = scope;
  const row = await loadCredential(scope, id, { deleted: true });
  const [dependent] = await tx
    .select({ name: credentials.name })
    .from(rotationTargets)
    .innerJoin(credentials, and(eq(credentials.tenantId, rotationTargets.tenantId), eq(credentials.id, rotationTargets.credentialId)))
    .where(and(eq(rotationTargets.tenantId, tenantId), eq(rotationTargets.privilegedCredentialId, id)))
    .limit(1);
  if (dependent) {
    throw new AppError("CONFLICT", `This password is the privileged login that rotates "${dependent.name}": change that rotation target first.`, "id");
  }
  // Its rotation set-up and run history go with it (the audit trail keeps what happened).
  for (const table of [rotationRuns, rotationSchedules, rotationTargets]) {
    await tx.delete(table).where(and(eq(table.tenantId, tenantId), eq(table.credentialId, id)));
  }
  await tx.delete(credentialVersions).where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, id)));
  await tx.delete(credentials).where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  await audit(scope, {
    action: "credential.purged",
    target: { type: "credential", id },
    details: { name: row.name },
  });
}

