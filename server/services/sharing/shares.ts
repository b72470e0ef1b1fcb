import "server-only";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { credentialGroups, credentials, customers, memberships, shares, userGroupMembers, userGroups, users } from "@/db/schema";
import { levelAtLeast, roleAccessSummary, shareLevels, type EffectivePermission } from "@/lib/permissions";
import { AppError, badInput, notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import {
  effectivePermission,
  grantsOnCredential,
  requireCredentialAction,
  shareRows,
  subjectPermission,
  visibleCredentialsCondition,
} from "./permissions";

export const zShareLevel = z.enum(shareLevels, { error: "Level must be view, modify or full." });
export const zGrantee = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("member"), membershipId: z.uuid({ error: "Member id is invalid." }) }),
    z.object({ type: z.literal("group"), userGroupId: z.uuid({ error: "User group id is invalid." }) }),
  ],
  { error: "Share with a member or a user group." },
);
export const shareCredentialInput = z.object({ credentialId: z.uuid({ error: "Credential id is invalid." }), grantee: zGrantee, level: zShareLevel });
export const shareCustomerInput = z.object({ customerId: z.uuid({ error: "Customer id is invalid." }), grantee: zGrantee, level: zShareLevel });
export const shareCredentialGroupInput = z.object({
  credentialGroupId: z.uuid({ error: "Credential group id is invalid." }),
  grantee: zGrantee,
  level: zShareLevel,
});
export const shareIdInput = z.object({ shareId: z.uuid({ error: "Share id is invalid." }) });
export const credentialAccessInput = z.object({ credentialId: z.uuid({ error: "Credential id is invalid." }) });
export const customerSharesInput = z.object({ customerId: z.uuid({ error: "Customer id is invalid." }) });
export const credentialGroupSharesInput = z.object({ credentialGroupId: z.uuid({ error: "Credential group id is invalid." }) });
export const setCopyOnlyInput = z.object({
  credentialId: z.uuid({ error: "Credential id is invalid." }),
  copyOnly: z.boolean({ error: "Copy only must be on or off." }),
});

type Grantee = z.infer<typeof zGrantee>;
type Subject = { credentialId: string } | { customerId: string } | { credentialGroupId: string };

/** Active members and user groups one can share with (the share dialog's choices). */
export async function listGrantees(scope: TenantScope) {
  const { db: tx, tenantId } = scope;
  const members = await tx
    .select({ membershipId: memberships.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active")))
    .orderBy(asc(users.name));
  const groups = await tx
    .select({ userGroupId: userGroups.id, name: userGroups.name, memberCount: count(userGroupMembers.id) })
    .from(userGroups)
    .leftJoin(userGroupMembers, and(eq(userGroupMembers.tenantId, userGroups.tenantId), eq(userGroupMembers.groupId, userGroups.id)))
    .where(eq(userGroups.tenantId, tenantId))
    .groupBy(userGroups.id, userGroups.name)
    .orderBy(asc(userGroups.name));
  return { members, groups };
}

/** A member (active) or user group of this workspace, or a field error naming `grantee`. */
export async function resolveGrantee(scope: TenantScope, grantee: Grantee) {
  const { db: tx, tenantId } = scope;
  if (grantee.type === "member") {
    const [row] = await tx
      .select({ id: memberships.id, name: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, grantee.membershipId), eq(memberships.status, "active")));
    if (!row) throw badInput("grantee", "That member was not found in this workspace.");
    return { membershipId: row.id, userGroupId: null, label: row.name };
  }
  const [row] = await tx
    .select({ id: userGroups.id, name: userGroups.name })
    .from(userGroups)
    .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, grantee.userGroupId)));
  if (!row) throw badInput("grantee", "That user group was not found in this workspace.");
  return { membershipId: null, userGroupId: row.id, label: `group ${row.name}` };
}

/** A password that exists, is not in the trash and that the member may see; NOT_FOUND otherwise. */
export async function loadLiveCredential(scope: MemberScope, id: string) {
  const { db: tx, tenantId, member } = scope;
  const [row] = await tx
    .select({ id: credentials.id, name: credentials.name, copyOnly: credentials.copyOnly })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id), isNull(credentials.deletedAt), visibleCredentialsCondition(member)));
  if (!row) throw notFound("Password");
  return row;
}

/**
 * The member's permission on a share subject, after checking the subject exists (NOT_FOUND otherwise, and for a
 * credential the member may not see).
 */
async function permissionOnSubject(scope: MemberScope, subject: Subject): Promise<{ permission: EffectivePermission; name: string }> {
  const { db: tx, tenantId, member } = scope;
  if ("credentialId" in subject) {
    const row = await loadLiveCredential(scope, subject.credentialId);
    return { permission: await effectivePermission(scope, member, row.id), name: row.name };
  }
  if ("customerId" in subject) {
    const [row] = await tx
      .select({ name: customers.name })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, subject.customerId)));
    if (!row) throw notFound("Customer");
    return { permission: await subjectPermission(scope, subject), name: row.name };
  }
  const [row] = await tx
    .select({ name: credentialGroups.name })
    .from(credentialGroups)
    .where(and(eq(credentialGroups.tenantId, tenantId), eq(credentialGroups.id, subject.credentialGroupId)));
  if (!row) throw notFound("Credential group");
  return { permission: await subjectPermission(scope, subject), name: row.name };
}

const SUBJECT_TEXT = { credentialId: "password", customerId: "customer", credentialGroupId: "credential group" } as const;
const subjectKey = (s: Subject) => Object.keys(s)[0] as keyof typeof SUBJECT_TEXT;

function requireFull(subject: Subject, permission: EffectivePermission, what: "share" | "change the sharing of") {
  if (permission.level !== "full") {
    const have = permission.level === "none" ? "no access" : `${permission.level} access`;
    throw new AppError("FORBIDDEN", `You need full access to ${what} this ${SUBJECT_TEXT[subjectKey(subject)]}; you have ${have}.`);
  }
}

/**
 * Grants `level` on a subject to a member or user group (sharing again with the same grantee replaces the level).
 * Only a member with full permission on the subject may share, and never above their own level. Audited.
 */
async function share(scope: MemberScope, subject: Subject, grantee: Grantee, level: z.infer<typeof zShareLevel>) {
  const { db: tx, tenantId, member } = scope;
  const { permission, name } = await permissionOnSubject(scope, subject);
  requireFull(subject, permission, "share");
  // Full is the top level today, so this only bites if sharing ever opens below full; the rule stays explicit.
  if (!levelAtLeast(permission.level, level)) throw new AppError("FORBIDDEN", `You cannot share more than your own ${permission.level} access.`, "level");
  const who = await resolveGrantee(scope, grantee);
  const key = subjectKey(subject);
  const subjectValue = (subject as Record<string, string>)[key]!;
  const columns = {
    credentialId: key === "credentialId" ? subjectValue : null,
    customerId: key === "customerId" ? subjectValue : null,
    credentialGroupId: key === "credentialGroupId" ? subjectValue : null,
    membershipId: who.membershipId,
    userGroupId: who.userGroupId,
  };
  const same = Object.entries(columns).map(([k, v]) => {
    const column = shares[k as keyof typeof columns];
    return v === null ? sql`${column} is null` : eq(column, v);
  });
  const [existing] = await tx
    .select({ id: shares.id, level: shares.level })
    .from(shares)
    .where(and(eq(shares.tenantId, tenantId), ...same));
  let shareId: string;
  if (existing) {
    if (existing.level === level) return { shareId: existing.id, level };
    await tx.update(shares).set({ level, createdBy: member.userId, createdAt: new Date() }).where(and(eq(shares.tenantId, tenantId), eq(shares.id, existing.id)));
    shareId = existing.id;
  } else {
    const [row] = await tx.insert(shares).values({ tenantId, ...columns, level, createdBy: member.userId }).returning({ id: shares.id });
    shareId = row!.id;
  }
  await audit(scope, {
    action: existing ? "share.updated" : "share.created",
    target: { type: "share", id: shareId },
    details: {
      subject: SUBJECT_TEXT[key],
      subjectId: subjectValue,
      subjectName: name,
      grantee: who.label,
      granteeId: who.membershipId ?? who.userGroupId,
      level,
      ...(existing ? { previousLevel: existing.level } : {}),
    },
  });
  return { shareId, level };
}

/** Shares one credential. */
export function shareCredential(scope: MemberScope, input: z.infer<typeof shareCredentialInput>) {
  return share(scope, { credentialId: input.credentialId }, input.grantee, input.level);
}

/** Shares everything of a customer, including credentials added later. */
export function shareCustomer(scope: MemberScope, input: z.infer<typeof shareCustomerInput>) {
  return share(scope, { customerId: input.customerId }, input.grantee, input.level);
}

/** Shares a credential group (a dynamic one covers whatever matches its criteria, now and later). */
export function shareCredentialGroup(scope: MemberScope, input: z.infer<typeof shareCredentialGroupInput>) {
  return share(scope, { credentialGroupId: input.credentialGroupId }, input.grantee, input.level);
}

/** Revokes a share: access through it ends with this transaction. Needs full permission on its subject. Audited. */
export async function revokeShare(scope: MemberScope, shareId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx.select().from(shares).where(and(eq(shares.tenantId, tenantId), eq(shares.id, shareId)));
  if (!row) throw notFound("Share");
  const subject: Subject = row.credentialId
    ? { credentialId: row.credentialId }
    : row.customerId
      ? { customerId: row.customerId }
      : { credentialGroupId: row.credentialGroupId! };
  const { permission, name } = await permissionOnSubject(scope, subject);
  requireFull(subject, permission, "change the sharing of");
  await tx.delete(shares).where(and(eq(shares.tenantId, tenantId), eq(shares.id, row.id)));
  const key = subjectKey(subject);
  await audit(scope, {
    action: "share.revoked",
    target: { type: "share", id: row.id },
    details: {
      subject: SUBJECT_TEXT[key],
      subjectId: (subject as Record<string, string>)[key]!,
      subjectName: name,
      granteeId: row.membershipId ?? row.userGroupId,
      level: row.level,
    },
  });
}

/**
 * The Access panel of a credential: who can see it and why — the roles, every grant that applies (direct, via its
 * customer, via static or dynamic credential groups) and the member's own effective permission.
 */
export async function credentialAccess(scope: MemberScope, credentialId: string) {
  const { member } = scope;
  const row = await loadLiveCredential(scope, credentialId);
  const [me, grants] = [await effectivePermission(scope, member, row.id), await grantsOnCredential(scope, row.id)];
  return { copyOnly: row.copyOnly, me, roles: roleAccessSummary(member.restrictTechniciansToShared), shares: grants };
}

/** Shares whose subject is this customer (its Sharing card). Hidden like the customer's passwords from those who see none. */
export async function listCustomerShares(scope: MemberScope, customerId: string) {
  // The permission and the rows in one round trip; the rows go out only when the customer is visible.
  const [{ permission }, rows] = await Promise.all([permissionOnSubject(scope, { customerId }), shareRows(scope, eq(shares.customerId, customerId))]);
  if (!permission.visible) throw notFound("Customer");
  return rows;
}

/** Shares whose subject is this credential group. */
export async function listCredentialGroupShares(scope: MemberScope, credentialGroupId: string) {
  const { permission } = await permissionOnSubject(scope, { credentialGroupId });
  if (!permission.visible) throw notFound("Credential group");
  return shareRows(scope, eq(shares.credentialGroupId, credentialGroupId));
}

/** Marks a credential copy-only (usable by copy and auto-fill, never shown) or lifts that. Needs full. Audited. */
export async function setCopyOnly(scope: MemberScope, input: z.infer<typeof setCopyOnlyInput>) {
  const { db: tx, tenantId, member } = scope;
  const row = await loadLiveCredential(scope, input.credentialId);
  await requireCredentialAction(scope, row.id, "setCopyOnly");
  if (row.copyOnly === input.copyOnly) return;
  await tx
    .update(credentials)
    .set({ copyOnly: input.copyOnly, updatedBy: member.userId })
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, row.id)));
  await audit(scope, {
    action: input.copyOnly ? "credential.copy_only_set" : "credential.copy_only_cleared",
    target: { type: "credential", id: row.id },
    details: { copyOnly: input.copyOnly },
  });
}
