import "server-only";
import { aliasedTable, and, asc, count, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import {
  contacts,
  credentialGroupMembers,
  credentialGroups,
  credentials,
  customers,
  devices,
  shares,
  type CredentialGroupCriteria,
} from "@/db/schema";
import { AppError, badInput, notFound } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { criteriaCondition, matchesGroupCriteria } from "./permissions";

const zCredentialGroupId = z.uuid({ error: "Credential group id is invalid." });
const zName = z.string({ error: "Name is required." }).trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters.");
const zDescription = z.string({ error: "Description must be text." }).trim().max(500, "Description must be at most 500 characters.");
const zPattern = (label: string) =>
  z.string({ error: `${label} must be text.` }).trim().max(200, `${label} must be at most 200 characters.`).optional();
const zCredentialIds = z.array(z.uuid({ error: "Credential id is invalid." })).max(1000, "At most 1,000 passwords at a time.");

/** Dynamic group criteria: empty values are dropped; at least one criterion must remain. */
export const zCriteria = z
  .object({
    customerIds: z.array(z.uuid({ error: "Customer id is invalid." })).max(100, "At most 100 customers.").optional(),
    targetKinds: z.array(z.enum(["customer", "contact", "device"], { error: "Filed on must be customer, contact or device." })).optional(),
    deviceTypes: z
      .array(z.enum(["server", "workstation", "network", "printer", "firewall", "cloud", "other"], { error: "Device type is invalid." }))
      .optional(),
    tags: z.array(z.string().trim().min(1, "Tags must not be empty.").max(40, "Tag must be at most 40 characters.")).max(20, "At most 20 tags.").optional(),
    namePattern: zPattern("Name pattern"),
    usernamePattern: zPattern("Username pattern"),
    domainPattern: zPattern("Domain pattern"),
  })
  .transform((c): CredentialGroupCriteria => {
    const out: CredentialGroupCriteria = {};
    for (const key of ["customerIds", "targetKinds", "deviceTypes", "tags"] as const) {
      if (c[key]?.length) Object.assign(out, { [key]: [...new Set(c[key])] });
    }
    for (const key of ["namePattern", "usernamePattern", "domainPattern"] as const) {
      if (c[key]) out[key] = c[key];
    }
    return out;
  })
  .refine((c) => Object.keys(c).length > 0, { message: "Give at least one criterion." });

export const credentialGroupIdInput = z.object({ credentialGroupId: zCredentialGroupId });
export const createCredentialGroupInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("static"), name: zName, description: zDescription.default(""), credentialIds: zCredentialIds.default([]) }),
  z.object({ kind: z.literal("dynamic"), name: zName, description: zDescription.default(""), criteria: zCriteria }),
]);
export const updateCredentialGroupInput = z.object({
  credentialGroupId: zCredentialGroupId,
  name: zName,
  description: zDescription.default(""),
  criteria: zCriteria.optional(),
  credentialIds: zCredentialIds.optional(),
});
export const credentialGroupCredentialsInput = z.object({ credentialGroupId: zCredentialGroupId, credentialIds: zCredentialIds.min(1, "Pick at least one password.") });
export const credentialGroupCredentialInput = z.object({ credentialGroupId: zCredentialGroupId, credentialId: z.uuid({ error: "Credential id is invalid." }) });
export const previewCriteriaInput = z.object({ criteria: zCriteria });

async function loadGroup(scope: TenantScope, id: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select()
    .from(credentialGroups)
    .where(and(eq(credentialGroups.tenantId, tenantId), eq(credentialGroups.id, id)));
  if (!row) throw notFound("Credential group");
  return row;
}

async function assertNameFree(scope: TenantScope, name: string, exceptId?: string) {
  const { db: tx, tenantId } = scope;
  const [clash] = await tx
    .select({ id: credentialGroups.id })
    .from(credentialGroups)
    .where(and(eq(credentialGroups.tenantId, tenantId), eq(credentialGroups.name, name), exceptId ? ne(credentialGroups.id, exceptId) : undefined));
  if (clash) throw new AppError("CONFLICT", `A credential group named ${name} already exists.`, "name");
}

/** Criteria may only name this tenant's customers (a foreign id is refused like an unknown one). */
async function assertCriteria(scope: TenantScope, criteria: CredentialGroupCriteria) {
  const { db: tx, tenantId } = scope;
  if (!criteria.customerIds?.length) return;
  const found = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, criteria.customerIds)));
  if (found.length !== criteria.customerIds.length) throw badInput("criteria.customerIds", "A customer in the criteria does not exist in this workspace.");
}

async function assertCredentials(scope: TenantScope, ids: string[]) {
  const { db: tx, tenantId } = scope;
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const found = await tx
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), inArray(credentials.id, unique), isNull(credentials.deletedAt)));
  if (found.length !== unique.length) throw badInput("credentialIds", "A password in the selection does not exist in this workspace.");
}

/** The condition "the current credentials row is in this group": membership rows or the criteria. */
function memberCondition(group: { id: string; kind: "static" | "dynamic"; criteria: CredentialGroupCriteria | null }) {
  if (group.kind === "dynamic") return criteriaCondition(group.criteria ?? {});
  return sql`exists (select 1 from credential_group_members cgm where cgm.tenant_id = ${credentials.tenantId}
    and cgm.group_id = ${group.id} and cgm.credential_id = ${credentials.id})`;
}

/**
 * The tenant's credential groups by name, with how many (live) passwords each holds and how many shares use it, in
 * one query: static groups count their member rows, dynamic ones their criteria's matches (a lateral count).
 */
export async function listCredentialGroups(scope: TenantScope) {
  const { db: tx, tenantId } = scope;
  const staticCounts = tx
    .select({ groupId: credentialGroupMembers.groupId, n: count().as("static_n") })
    .from(credentialGroupMembers)
    .innerJoin(
      credentials,
      and(eq(credentials.tenantId, credentialGroupMembers.tenantId), eq(credentials.id, credentialGroupMembers.credentialId), isNull(credentials.deletedAt)),
    )
    .where(eq(credentialGroupMembers.tenantId, tenantId))
    .groupBy(credentialGroupMembers.groupId)
    .as("static_counts");
  const dynamicCounts = tx
    .select({ n: count().as("dynamic_n") })
    .from(credentials)
    .where(and(eq(credentials.tenantId, credentialGroups.tenantId), eq(credentialGroups.kind, "dynamic"), isNull(credentials.deletedAt), matchesGroupCriteria))
    .as("dynamic_counts");
  const shareCounts = tx
    .select({ groupId: shares.credentialGroupId, n: count().as("share_n") })
    .from(shares)
    .where(and(eq(shares.tenantId, tenantId), isNotNull(shares.credentialGroupId)))
    .groupBy(shares.credentialGroupId)
    .as("share_counts");
  return tx
    .select({
      id: credentialGroups.id,
      name: credentialGroups.name,
      description: credentialGroups.description,
      kind: credentialGroups.kind,
      criteria: credentialGroups.criteria,
      credentialCount: sql<number>`case when ${credentialGroups.kind} = 'static' then coalesce(${staticCounts.n}, 0) else ${dynamicCounts.n} end`.mapWith(Number),
      shareCount: sql<number>`coalesce(${shareCounts.n}, 0)`.mapWith(Number),
    })
    .from(credentialGroups)
    .leftJoin(staticCounts, eq(staticCounts.groupId, credentialGroups.id))
    .leftJoinLateral(dynamicCounts, sql`true`)
    .leftJoin(shareCounts, eq(shareCounts.groupId, credentialGroups.id))
    .where(eq(credentialGroups.tenantId, tenantId))
    .orderBy(asc(credentialGroups.name));
}

const contactsAlias = aliasedTable(contacts, "cg_contact");
const devicesAlias = aliasedTable(devices, "cg_device");

function credentialsIn(scope: TenantScope, condition: ReturnType<typeof memberCondition>) {
  const { db: tx, tenantId } = scope;
  return tx
    .select({
      id: credentials.id,
      name: credentials.name,
      username: credentials.username,
      customerId: credentials.customerId,
      customerName: customers.name,
      contactName: contactsAlias.name,
      deviceName: devicesAlias.name,
    })
    .from(credentials)
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(contactsAlias, and(eq(contactsAlias.tenantId, credentials.tenantId), eq(contactsAlias.id, credentials.contactId)))
    .leftJoin(devicesAlias, and(eq(devicesAlias.tenantId, credentials.tenantId), eq(devicesAlias.id, credentials.deviceId)))
    .where(and(eq(credentials.tenantId, tenantId), isNull(credentials.deletedAt), condition))
    .orderBy(asc(credentials.name), asc(credentials.id));
}

/** One group with its passwords (metadata only; a dynamic group's are whatever matches now, at most 500). */
export async function getCredentialGroup(scope: TenantScope, id: string) {
  const g = await loadGroup(scope, id);
  const items = await credentialsIn(scope, memberCondition(g)).limit(500);
  return { id: g.id, name: g.name, description: g.description, kind: g.kind, criteria: g.criteria, credentials: items };
}

/** How many passwords criteria match now, with the first ten (the dynamic group form's preview). */
export async function previewCriteria(scope: TenantScope, criteria: CredentialGroupCriteria) {
  const { db: tx, tenantId } = scope;
  const condition = criteriaCondition(criteria);
  const [total] = await tx
    .select({ n: count() })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), isNull(credentials.deletedAt), condition));
  const items = await credentialsIn(scope, condition).limit(10);
  return { total: total?.n ?? 0, items: items.map((i) => ({ id: i.id, name: i.name, customerName: i.customerName })) };
}

/** Creates a static group (optionally with its first passwords) or a dynamic one (criteria). */
export async function createCredentialGroup(scope: TenantScope, input: z.infer<typeof createCredentialGroupInput>) {
  const { db: tx, tenantId } = scope;
  await assertNameFree(scope, input.name);
  if (input.kind === "dynamic") await assertCriteria(scope, input.criteria);
  else await assertCredentials(scope, input.credentialIds);
  const [row] = await tx
    .insert(credentialGroups)
    .values({
      tenantId,
      name: input.name,
      description: input.description,
      kind: input.kind,
      criteria: input.kind === "dynamic" ? input.criteria : null,
      createdBy: scope.audit.userId,
    })
    .returning({ id: credentialGroups.id });
  if (input.kind === "static" && input.credentialIds.length > 0) {
    await tx
      .insert(credentialGroupMembers)
      .values([...new Set(input.credentialIds)].map((credentialId) => ({ tenantId, groupId: row!.id, credentialId })));
  }
  await audit(scope, {
    action: "credential_group.created",
    target: { type: "credential_group", id: row!.id },
    details: { name: input.name, kind: input.kind, ...(input.kind === "static" ? { credentials: input.credentialIds.length } : { criteria: JSON.stringify(input.criteria) }) },
  });
  return { id: row!.id };
}

/** Renames a group; for a dynamic group, replaces its criteria; for a static one, optionally its whole set. */
export async function updateCredentialGroup(scope: TenantScope, input: z.infer<typeof updateCredentialGroupInput>) {
  const { db: tx, tenantId } = scope;
  const g = await loadGroup(scope, input.credentialGroupId);
  await assertNameFree(scope, input.name, g.id);
  if (input.criteria && g.kind !== "dynamic") throw badInput("criteria", "Only a dynamic group has criteria.");
  if (input.credentialIds && g.kind !== "static") throw badInput("credentialIds", "A dynamic group's passwords follow its criteria.");
  if (input.criteria) await assertCriteria(scope, input.criteria);
  if (input.credentialIds) await assertCredentials(scope, input.credentialIds);
  await tx
    .update(credentialGroups)
    .set({ name: input.name, description: input.description, ...(input.criteria ? { criteria: input.criteria } : {}) })
    .where(and(eq(credentialGroups.tenantId, tenantId), eq(credentialGroups.id, g.id)));
  if (input.credentialIds) {
    await tx.delete(credentialGroupMembers).where(and(eq(credentialGroupMembers.tenantId, tenantId), eq(credentialGroupMembers.groupId, g.id)));
    if (input.credentialIds.length > 0) {
      await tx
        .insert(credentialGroupMembers)
        .values([...new Set(input.credentialIds)].map((credentialId) => ({ tenantId, groupId: g.id, credentialId })));
    }
  }
  await audit(scope, {
    action: "credential_group.updated",
    target: { type: "credential_group", id: g.id },
    details: {
      from: g.name,
      to: input.name,
      ...(input.criteria ? { criteria: JSON.stringify(input.criteria) } : {}),
      ...(input.credentialIds ? { credentials: input.credentialIds.length } : {}),
    },
  });
}

/** Deletes a group; the shares of it go with it (access through it ends at once). */
export async function deleteCredentialGroup(scope: TenantScope, id: string) {
  const { db: tx, tenantId } = scope;
  const g = await loadGroup(scope, id);
  await tx.delete(credentialGroups).where(and(eq(credentialGroups.tenantId, tenantId), eq(credentialGroups.id, g.id)));
  await audit(scope, {
    action: "credential_group.deleted",
    target: { type: "credential_group", id: g.id },
    details: { name: g.name },
  });
}

/** Adds passwords to a static group (ones already in it are skipped). */
export async function addCredentialsToGroup(scope: TenantScope, input: z.infer<typeof credentialGroupCredentialsInput>) {
  const { db: tx, tenantId } = scope;
  const g = await loadGroup(scope, input.credentialGroupId);
  if (g.kind !== "static") throw badInput("credentialIds", "A dynamic group's passwords follow its criteria.");
  await assertCredentials(scope, input.credentialIds);
  const added = await tx
    .insert(credentialGroupMembers)
    .values([...new Set(input.credentialIds)].map((credentialId) => ({ tenantId, groupId: g.id, credentialId })))
    .onConflictDoNothing()
    .returning({ id: credentialGroupMembers.credentialId });
  if (added.length > 0) {
    await audit(scope, {
      action: "credential_group.credentials_added",
      target: { type: "credential_group", id: g.id },
      details: { name: g.name, credentialIds: added.map((a) => a.id) },
    });
  }
  return { added: added.length };
}

/** Removes one password from a static group. */
export async function removeCredentialFromGroup(scope: TenantScope, input: z.infer<typeof credentialGroupCredentialInput>) {
  const { db: tx, tenantId } = scope;
  const g = await loadGroup(scope, input.credentialGroupId);
  if (g.kind !== "static") throw badInput("credentialId", "A dynamic group's passwords follow its criteria.");
  const removed = await tx
    .delete(credentialGroupMembers)
    .where(
      and(
        eq(credentialGroupMembers.tenantId, tenantId),
        eq(credentialGroupMembers.groupId, g.id),
        eq(credentialGroupMembers.credentialId, input.credentialId),
      ),
    )
    .returning({ id: credentialGroupMembers.id });
  if (removed.length === 0) throw notFound("Password in this group");
  await audit(scope, {
    action: "credential_group.credential_removed",
    target: { type: "credential_group", id: g.id },
    details: { name: g.name, credentialId: input.credentialId },
  });
}
