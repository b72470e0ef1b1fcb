import "server-only";
import { randomUUID } from "node:crypto";
import { aliasedTable, and, asc, count, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import {
  contacts,
  credentials,
  credentialVersions,
  customers,
  devices,
  passwordPolicies,
  rotationRuns,
  rotationSchedules,
  rotationTargets,
  users,
  type StoredCustomField,
} from "@/db/schema";
import { sealTenantSecret, type Plaintext, type Sealed } from "@/server/crypto";
import { credentialFieldRef, guardIntegrity, openCredentialSecret, openCurrentPassword, passwordRef, sealPassword } from "./credential-secrets";
import { currentTotpCode, parseTotpSecret } from "@/server/crypto/totp";
import { checkAgainstPolicy } from "@/lib/password-policy";
import { roleAllows } from "@/lib/permissions";
import { roleAtLeast } from "@/lib/validation";
import { AppError, badInput, notFound } from "@/server/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { permissionsOf, requireCredentialAction, subjectPermission, visibleCredentialsCondition, type Viewer } from "../sharing/permissions";
import { effectiveAccessPolicy } from "../access/policies";
import { noteCredentialEvent } from "./credential-events";
import { handOutSecret } from "./secret-access";
import { visibleContacts, visibleCustomers, visibleDevices } from "./entity-list";
import { effectivePolicy, expiryFor } from "./policies";
import type {
  createCredentialInput,
  listCredentialsInput,
  revealInput,
  Target,
  updateCredentialInput,
} from "./credential-input";

type Actor = Viewer;

/**
 * Files a credential under its target: the customer, and the contact or device when it is one. A target the actor
 * may not see (a restricted technician's) is answered exactly like one that does not exist.
 */
async function resolveTarget(tx: Tx, tenantId: string, actor: Actor, target: Target) {
  if (target.type === "customer") {
    const [row] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, target.id), visibleCustomers(actor)));
    if (!row) throw badInput("target", "That customer does not exist in this workspace.");
    return { customerId: row.id, contactId: null, deviceId: null };
  }
  const [table, visible] = target.type === "contact" ? [contacts, visibleContacts(actor)] : [devices, visibleDevices(actor)];
  const [row] = await tx
    .select({ id: table.id, customerId: table.customerId })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, target.id), visible));
  if (!row) throw badInput("target", `That ${target.type} does not exist in this workspace.`);
  return {
    customerId: row.customerId,
    contactId: target.type === "contact" ? row.id : null,
    deviceId: target.type === "device" ? row.id : null,
  };
}

async function assertPolicy(tx: Tx, tenantId: string, policyId: string | null | undefined) {
  if (!policyId) return;
  const [row] = await tx
    .select({ id: passwordPolicies.id })
    .from(passwordPolicies)
    .where(and(eq(passwordPolicies.tenantId, tenantId), eq(passwordPolicies.id, policyId)));
  if (!row) throw badInput("policyId", "That password policy does not exist in this workspace.");
}

/**
 * Checks a new password against the credential's effective policy (its own, else its customer's, else the
 * tenant default), including "no reuse of the last N". A violation is refused with the rule named, unless a member
 * who `mayOverride` (the rule table's overridePolicy) gives a reason to override it. Returns the policy (its max age
 * sets the expiry) and whether it was overridden.
 */
async function enforcePolicy(
  tx: Tx,
  tenantId: string,
  mayOverride: boolean,
  where: { customerId: string; policyId: string | null; credentialId?: string },
  password: string,
  overrideReason: string | undefined,
) {
  const policy = await effectivePolicy(tx, tenantId, { customerId: where.customerId, policyId: where.policyId });
  const violations = checkAgainstPolicy(password, policy).map((v) => v.message);
  if (where.credentialId && policy.noReuseLast > 0) {
    const recent = await tx
      .select({ secret: credentialVersions.secret, secretGeneration: credentialVersions.secretGeneration })
      .from(credentialVersions)
      .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, where.credentialId), isNotNull(credentialVersions.secret)))
      .orderBy(desc(credentialVersions.version))
      .limit(policy.noReuseLast);
    for (const { secret, secretGeneration } of recent) {
      if ((await openCredentialSecret(tx, tenantId, passwordRef(where.credentialId, secretGeneration), secret!)) === password) {
        violations.push(`Must not repeat one of the last ${policy.noReuseLast} passwords (policy ${policy.name}).`);
        break;
      }
    }
  }
  if (violations.length === 0) return { policy, overridden: null };
  if (!overrideReason) throw badInput("password", violations[0]!);
  if (!mayOverride) {
    throw new AppError("FORBIDDEN", "Only an admin can save a password that breaks its policy.", "overrideReason");
  }
  return { policy, overridden: { reason: overrideReason, rules: violations } };
}

async function recordOverride(tx: Tx, tenantId: string, audit: AuditActor, id: string, overridden: { reason: string; rules: string[] } | null) {
  if (!overridden) return;
  await recordAuditEvent(tx, tenantId, audit, {
    action: "credential.policy_overridden",
    target: { type: "credential", id },
    details: { reason: overridden.reason, violations: overridden.rules },
  });
  await noteCredentialEvent(tx, tenantId, {
    type: "policy_violated",
    credentialId: id,
    actorUserId: audit.userId,
    detail: `${overridden.rules.join(" ")} Reason given: ${overridden.reason}`.slice(0, 1000),
  });
}

/**
 * Filing a password under a customer needs modify on that customer for members whose role does not already give it
 * (restricted technicians: a customer share at modify or full), so nobody creates what they could not see.
 */
async function assertMayFileUnder(tx: Tx, tenantId: string, actor: Actor, customerId: string) {
  const permission = await subjectPermission(tx, tenantId, actor, { customerId });
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
  tx: Tx,
  tenantId: string,
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
        : await sealTenantSecret(tx, tenantId, credentialFieldRef(id, `custom:${fieldId}`), field.value);
    sealed.push({ id: fieldId, label: field.label, type: "secret", value });
  }
  return sealed;
}

/**
 * Stores a new credential: secrets sealed (bound to this row), the first history version, and an audit event
 * naming the fields set. Returns its id and version.
 */
export async function createCredential(
  tx: Tx,
  tenantId: string,
  actor: Actor,
  audit: AuditActor,
  input: z.infer<typeof createCredentialInput>,
) {
  const target = await resolveTarget(tx, tenantId, actor, input.target);
  await assertMayFileUnder(tx, tenantId, actor, target.customerId);
  await assertPolicy(tx, tenantId, input.policyId);
  const { policy, overridden } = await enforcePolicy(
    tx,
    tenantId,
    roleAllows(actor.role, "overridePolicy"),
    { customerId: target.customerId, policyId: input.policyId },
    input.password,
    input.overrideReason,
  );
  const id = randomUUID();
  const totpSeed = totpSeedOf(input.totp);
  const { secret, secretGeneration } = await sealPassword(tx, tenantId, id, 1, input.password);
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
    customFields: await sealCustomFields(tx, tenantId, id, input.customFields),
    policyId: input.policyId,
    expiresAt: input.expiresAt ?? expiryFor(policy, new Date()),
    createdBy: actor.userId,
    updatedBy: actor.userId,
  };
  await tx.insert(credentials).values(row);
  const changedFields = ["name", "password", ...(["username", "domain", "loginUrl", "notes", "totp"] as const).filter((f) => input[f] !== "")];
  await tx.insert(credentialVersions).values({
    tenantId,
    credentialId: id,
    version: 1,
    changedFields,
    secret,
    secretGeneration,
    changedBy: actor.userId,
    overrideReason: overridden?.reason ?? null,
  });
  await recordAuditEvent(tx, tenantId, audit, {
    action: "credential.created",
    target: { type: "credential", id },
    details: { fields: changedFields, customerId: target.customerId },
  });
  await recordOverride(tx, tenantId, audit, id, overridden);
  return { id, version: 1 };
}

const contactsAlias = aliasedTable(contacts, "target_contact");
const devicesAlias = aliasedTable(devices, "target_device");

/** The metadata columns of a credential list row: never a secret, never a sealed value. */
const listColumns = {
  id: credentials.id,
  kind: credentials.kind,
  name: credentials.name,
  username: credentials.username,
  domain: credentials.domain,
  loginUrl: credentials.loginUrl,
  tags: credentials.tags,
  hasNotes: sql<boolean>`${credentials.notes} is not null`,
  hasTotp: sql<boolean>`${credentials.totpSeed} is not null`,
  expiresAt: credentials.expiresAt,
  /** "not_working" when the last health check or rotation found the stored password refused. */
  loginStatus: credentials.loginStatus,
  /** Copy and auto-fill only: revealing the plaintext is refused. */
  copyOnly: credentials.copyOnly,
  version: credentials.version,
  updatedAt: credentials.updatedAt,
  deletedAt: credentials.deletedAt,
  updatedByName: users.name,
  customerId: credentials.customerId,
  customerName: customers.name,
  contactId: credentials.contactId,
  contactName: contactsAlias.name,
  deviceId: credentials.deviceId,
  deviceName: devicesAlias.name,
};

function baseQuery(tx: Tx) {
  return tx
    .select(listColumns)
    .from(credentials)
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(contactsAlias, and(eq(contactsAlias.tenantId, credentials.tenantId), eq(contactsAlias.id, credentials.contactId)))
    .leftJoin(devicesAlias, and(eq(devicesAlias.tenantId, credentials.tenantId), eq(devicesAlias.id, credentials.deviceId)))
    .leftJoin(users, eq(users.id, credentials.updatedBy));
}

/**
 * Credentials of a target (or of the whole tenant), searchable by description, username, domain, URL, tag and
 * customer — never by secrets — one page at a time, with the total for the pager.
 */
export async function listCredentials(tx: Tx, tenantId: string, viewer: Viewer, input: z.infer<typeof listCredentialsInput>) {
  const conditions: (SQL | undefined)[] = [
    eq(credentials.tenantId, tenantId),
    visibleCredentialsCondition(viewer),
    input.deleted ? isNotNull(credentials.deletedAt) : isNull(credentials.deletedAt),
  ];
  if (input.target) {
    const column =
      input.target.type === "customer" ? credentials.customerId : input.target.type === "contact" ? credentials.contactId : credentials.deviceId;
    conditions.push(eq(column, input.target.id));
  }
  if (input.search) {
    const pattern = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(credentials.name, pattern),
        ilike(credentials.username, pattern),
        ilike(credentials.domain, pattern),
        ilike(credentials.loginUrl, pattern),
        ilike(customers.name, pattern),
        sql`exists (select 1 from unnest(${credentials.tags}) as tag where tag ilike ${pattern})`,
      ),
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    baseQuery(tx)
      .where(where)
      .orderBy(asc(credentials.name), asc(credentials.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    tx
      .select({ n: count() })
      .from(credentials)
      .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
      .where(where),
  ]);
  // Each row carries the viewer's own permission (shares and checkouts differ per row), in one more query.
  const permissions = await permissionsOf(tx, tenantId, viewer, rows.map((r) => r.id));
  const items = rows.map((row) => {
    const p = permissions.get(row.id)!;
    return { ...row, can: p.can, approvalRequired: p.checkout.required, checkedOutUntil: p.checkout.checkedOutUntil };
  });
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

async function loadCredential(tx: Tx, tenantId: string, id: string, opts: { deleted?: boolean } = {}) {
  const [row] = await tx
    .select()
    .from(credentials)
    .where(
      and(
        eq(credentials.tenantId, tenantId),
        eq(credentials.id, id),
        opts.deleted ? isNotNull(credentials.deletedAt) : isNull(credentials.deletedAt),
      ),
    );
  if (!row) throw notFound("Password");
  return row;
}

/** One credential's metadata and custom fields (secret ones by label only), with the viewer's permission on it. */
export async function getCredential(tx: Tx, tenantId: string, viewer: Viewer, id: string) {
  const [row] = await baseQuery(tx).where(
    and(eq(credentials.tenantId, tenantId), eq(credentials.id, id), isNull(credentials.deletedAt), visibleCredentialsCondition(viewer)),
  );
  if (!row) throw notFound("Password");
  const permission = await requireCredentialAction(tx, tenantId, viewer, id, "see");
  const [stored] = await tx
    .select({ customFields: credentials.customFields, policyId: credentials.policyId })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  const customFields = stored!.customFields.map((f) => (f.type === "text" ? f : { id: f.id, label: f.label, type: f.type }));
  return { ...row, policyId: stored!.policyId, customFields, permission };
}

/**
 * Reveals (or copies) one secret field of one credential, and records that it happened. The only way a
 * stored secret leaves the server.
 */
export async function revealCredentialField(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  audit: AuditActor,
  input: z.infer<typeof revealInput>,
): Promise<{ value: Plaintext }> {
  const row = await loadCredential(tx, tenantId, input.id);
  // Revealing is refused on a copy-only password (the rule table), copying is not.
  await requireCredentialAction(tx, tenantId, viewer, row.id, input.purpose === "copy" ? "copy" : "reveal");
  // The field is looked up before any limit counts: asking for one that does not exist is bad input, not a hand-out.
  const other = input.field === "password" ? null : input.field === "notes" ? row.notes : secretCustomField(row.customFields, input.field);
  const event = {
    action: input.purpose === "copy" ? "credential.copied" : "credential.revealed",
    target: { type: "credential", id: row.id },
    details: { field: input.field },
  } as const;
  const value = await handOutSecret(tx, tenantId, viewer, audit, event, async () => {
    if (input.field === "password") return openCurrentPassword(tx, tenantId, row);
    return other ? openCredentialSecret(tx, tenantId, credentialFieldRef(row.id, input.field), other) : ("" as Plaintext);
  });
  await noteCredentialEvent(tx, tenantId, { type: input.purpose === "copy" ? "copied" : "revealed", credentialId: row.id, actorUserId: audit.userId });
  return { value };
}

function secretCustomField(fields: StoredCustomField[], field: string): Sealed {
  const custom = fields.find((f) => `custom:${f.id}` === field && f.type === "secret");
  if (!custom) throw badInput("field", "That field does not exist on this password.");
  return custom.value as Sealed;
}

/** The credential's current TOTP code (the seed itself is never shown). */
export async function credentialTotpCode(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, id: string) {
  const row = await loadCredential(tx, tenantId, id);
  await requireCredentialAction(tx, tenantId, viewer, row.id, "totp");
  if (!row.totpSeed) throw badInput("totp", "This password has no TOTP.");
  const ref = credentialFieldRef(id, "totp");
  const seed = row.totpSeed;
  return handOutSecret(tx, tenantId, viewer, audit, { action: "credential.totp_viewed", target: { type: "credential", id } }, () =>
    guardIntegrity(ref, () => currentTotpCode(tx, tenantId, ref, seed)),
  );
}

/**
 * An edit (a tag, the name, the customer) can take a password out of a dynamic credential group and so out of
 * approval. Only owners and admins may do that, and it is audited; for anyone else the edit is refused whole.
 */
async function guardApprovalControl(tx: Tx, tenantId: string, actor: Actor, audit: AuditActor, id: string, policyIdsBefore: string[]) {
  const after = new Set((await effectiveAccessPolicy(tx, tenantId, id))?.policyIds ?? []);
  const left = policyIdsBefore.filter((policyId) => !after.has(policyId));
  if (left.length === 0) return;
  if (!roleAtLeast(actor.role, "admin")) {
    throw new AppError("FORBIDDEN", "This change would take the password out of a credential group that needs approval; only an owner or admin can do that.");
  }
  await recordAuditEvent(tx, tenantId, audit, { action: "credential.left_access_policy", target: { type: "credential", id }, details: { policyIds: left } });
}

async function staleEditError(tx: Tx, tenantId: string, id: string) {
  const [current] = await tx
    .select({ version: credentials.version, updatedAt: credentials.updatedAt, by: users.name })
    .from(credentials)
    .leftJoin(users, eq(users.id, credentials.updatedBy))
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id), isNull(credentials.deletedAt)));
  if (!current) return notFound("Password");
  return new AppError(
    "CONFLICT",
    `This password was changed by ${current.by ?? "someone else"} at ${current.updatedAt.toISOString()} (now version ${current.version}). Reload it, then apply your change again.`,
    "version",
  );
}

/**
 * Applies an inline edit made on `version`. A stale version is refused with who changed it and when — never a
 * silent overwrite. Every change adds a history version and an audit event naming the changed fields.
 */
export async function updateCredential(
  tx: Tx,
  tenantId: string,
  actor: Actor,
  audit: AuditActor,
  input: z.infer<typeof updateCredentialInput>,
) {
  const row = await loadCredential(tx, tenantId, input.id);
  const permission = await requireCredentialAction(tx, tenantId, actor, row.id, "edit");
  if (row.version !== input.version) throw await staleEditError(tx, tenantId, input.id);
  const controlledBefore = permission.checkout.required ? await effectiveAccessPolicy(tx, tenantId, row.id) : null;
  const c = input.changes;
  const set: Partial<typeof credentials.$inferInsert> = {};
  if (c.target) {
    const target = await resolveTarget(tx, tenantId, actor, c.target);
    if (target.customerId !== row.customerId) await assertMayFileUnder(tx, tenantId, actor, target.customerId);
    Object.assign(set, target);
  }
  await assertPolicy(tx, tenantId, c.policyId);
  for (const key of ["kind", "name", "username", "domain", "loginUrl", "policyId", "expiresAt"] as const) {
    if (c[key] !== undefined) Object.assign(set, { [key]: c[key] });
  }
  if (c.tags) set.tags = [...new Set(c.tags)];
  let overridden: { reason: string; rules: string[] } | null = null;
  if (c.password !== undefined) {
    const where = {
      customerId: set.customerId ?? row.customerId,
      policyId: c.policyId !== undefined ? c.policyId : row.policyId,
      credentialId: row.id,
    };
    const checked = await enforcePolicy(tx, tenantId, permission.can.overridePolicy, where, c.password, input.overrideReason);
    overridden = checked.overridden;
    Object.assign(set, await sealPassword(tx, tenantId, row.id, row.version + 1, c.password));
    set.passwordChangedAt = new Date();
    if (c.expiresAt === undefined) set.expiresAt = expiryFor(checked.policy, set.passwordChangedAt);
  }
  if (c.notes !== undefined) set.notes = c.notes ? await sealTenantSecret(tx, tenantId, credentialFieldRef(row.id, "notes"), c.notes) : null;
  if (c.totp !== undefined) {
    const seed = totpSeedOf(c.totp);
    set.totpSeed = seed ? await sealTenantSecret(tx, tenantId, credentialFieldRef(row.id, "totp"), seed) : null;
  }
  if (c.customFields) set.customFields = await sealCustomFields(tx, tenantId, row.id, c.customFields, row.customFields);
  const changedFields = Object.keys(c);
  const nextVersion = row.version + 1;
  // The version in the WHERE clause makes the check and the write one step: a concurrent edit loses here.
  const updated = await tx
    .update(credentials)
    .set({ ...set, version: nextVersion, updatedBy: actor.userId })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, row.id), eq(credentials.version, input.version)))
    .returning({ id: credentials.id });
  if (updated.length === 0) throw await staleEditError(tx, tenantId, input.id);
  await tx.insert(credentialVersions).values({
    tenantId,
    credentialId: row.id,
    version: nextVersion,
    changedFields,
    secret: set.secret ?? null,
    secretGeneration: set.secretGeneration ?? null,
    changedBy: actor.userId,
    overrideReason: overridden?.reason ?? null,
  });
  await recordAuditEvent(tx, tenantId, audit, {
    action: "credential.updated",
    target: { type: "credential", id: row.id },
    details: { fields: changedFields, version: nextVersion },
  });
  if (controlledBefore) await guardApprovalControl(tx, tenantId, actor, audit, row.id, controlledBefore.policyIds);
  await recordOverride(tx, tenantId, audit, row.id, overridden);
  await noteCredentialEvent(tx, tenantId, { type: "modified", credentialId: row.id, actorUserId: actor.userId, detail: `Changed: ${changedFields.join(", ")}` });
  return { id: row.id, version: nextVersion };
}

/** Moves a credential to the trash (restorable). */
export async function deleteCredential(tx: Tx, tenantId: string, actor: Actor, audit: AuditActor, id: string) {
  const row = await loadCredential(tx, tenantId, id);
  await requireCredentialAction(tx, tenantId, actor, row.id, "delete");
  await tx
    .update(credentials)
    .set({ deletedAt: new Date(), deletedBy: actor.userId, version: row.version + 1, updatedBy: actor.userId })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  await recordAuditEvent(tx, tenantId, audit, { action: "credential.deleted", target: { type: "credential", id } });
  await noteCredentialEvent(tx, tenantId, { type: "deleted", credentialId: id, actorUserId: actor.userId });
}

/** Brings a credential back from the trash. */
export async function restoreCredential(tx: Tx, tenantId: string, actor: Actor, audit: AuditActor, id: string) {
  const row = await loadCredential(tx, tenantId, id, { deleted: true });
  await tx
    .update(credentials)
    .set({ deletedAt: null, deletedBy: null, version: row.version + 1, updatedBy: actor.userId })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  await recordAuditEvent(tx, tenantId, audit, { action: "credential.restored", target: { type: "credential", id } });
}

/** Deletes a trashed credential and its history for good. */
export async function purgeCredential(tx: Tx, tenantId: string, audit: AuditActor, id: string) {
  const row = await loadCredential(tx, tenantId, id, { deleted: true });
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
  await recordAuditEvent(tx, tenantId, audit, {
    action: "credential.purged",
    target: { type: "credential", id },
    details: { name: row.name },
  });
}

/** The change history of a credential: who changed which fields when (values never). */
export async function credentialHistory(tx: Tx, tenantId: string, viewer: Viewer, id: string) {
  await loadCredential(tx, tenantId, id);
  await requireCredentialAction(tx, tenantId, viewer, id, "viewHistory");
  const rows = await tx
    .select({
      id: credentialVersions.id,
      version: credentialVersions.version,
      changedFields: credentialVersions.changedFields,
      passwordChanged: sql<boolean>`${credentialVersions.secret} is not null`,
      changedAt: credentialVersions.changedAt,
      changedBy: users.name,
      overrideReason: credentialVersions.overrideReason,
    })
    .from(credentialVersions)
    .leftJoin(users, eq(users.id, credentialVersions.changedBy))
    .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, id)))
    .orderBy(desc(credentialVersions.version));
  return rows;
}

/** Reveals the password of an older version (admins; audited). Refused on copy-only credentials (the rule table). */
export async function revealCredentialVersion(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, id: string, version: number) {
  await loadCredential(tx, tenantId, id);
  await requireCredentialAction(tx, tenantId, viewer, id, "revealVersion");
  const [row] = await tx
    .select({ secret: credentialVersions.secret, secretGeneration: credentialVersions.secretGeneration })
    .from(credentialVersions)
    .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, id), eq(credentialVersions.version, version)));
  if (!row?.secret) throw badInput("version", "That version did not change the password.");
  const { secret, secretGeneration } = row;
  const event = { action: "credential.version_revealed", target: { type: "credential", id }, details: { version } } as const;
  const value = await handOutSecret(tx, tenantId, viewer, audit, event, () => openCredentialSecret(tx, tenantId, passwordRef(id, secretGeneration), secret));
  return { value };
}
