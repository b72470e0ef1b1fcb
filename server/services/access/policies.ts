import "server-only";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
  accessPolicies,
  accessPolicyApprovers,
  accessRequests,
  credentialGroups,
  credentials,
  MAX_CHECKOUT_MINUTES,
  memberships,
  rotationTargets,
  userGroupMembers,
  userGroups,
  users,
} from "@/db/schema";
import { badInput, notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { accessPolicyCoversCredential, groupsOfCredential } from "../sharing/permissions";
import { recordAccessChange } from "./changes";
import { resolveGrantee, zGrantee } from "../sharing/shares";

export const accessSubjectInput = z.union(
  [
    z.object({ credentialId: z.uuid({ error: "Password id is invalid." }) }).strict(),
    z.object({ credentialGroupId: z.uuid({ error: "Credential group id is invalid." }) }).strict(),
  ],
  { error: "Choose a password or a credential group." },
);
export type AccessSubject = z.infer<typeof accessSubjectInput>;

export const setAccessPolicyInput = z.object({
  subject: accessSubjectInput,
  maxCheckoutMinutes: z
    .number({ error: "Maximum checkout must be a number of minutes." })
    .int({ error: "Maximum checkout must be whole minutes." })
    .min(1, { error: "Maximum checkout must be at least 1 minute." })
    .max(MAX_CHECKOUT_MINUTES, { error: `Maximum checkout can be at most ${MAX_CHECKOUT_MINUTES} minutes (7 days).` }),
  requireTicket: z.boolean({ error: "Require ticket must be on or off." }),
  rotateOnCheckIn: z.boolean({ error: "Rotate on check-in must be on or off." }),
  approvers: z
    .array(zGrantee, { error: "Approvers must be a list." })
    .min(1, { error: "Choose at least one approver." })
    .max(50, { error: "At most 50 approvers." }),
});

const subjectColumn = (s: AccessSubject) => ("credentialId" in s ? accessPolicies.credentialId : accessPolicies.credentialGroupId);
const subjectId = (s: AccessSubject) => ("credentialId" in s ? s.credentialId : s.credentialGroupId);
const subjectTarget = (s: AccessSubject) =>
  "credentialId" in s ? { type: "credential", id: s.credentialId } : { type: "credential_group", id: s.credentialGroupId };

async function requireSubject(scope: TenantScope, subject: AccessSubject) {
  const { db: tx, tenantId } = scope;
  if ("credentialId" in subject) {
    const [row] = await tx
      .select({ name: credentials.name, hasTarget: sql<boolean>`${rotationTargets.id} is not null` })
      .from(credentials)
      .leftJoin(rotationTargets, and(eq(rotationTargets.tenantId, credentials.tenantId), eq(rotationTargets.credentialId, credentials.id)))
      .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, subject.credentialId), isNull(credentials.deletedAt)));
    if (!row) throw notFound("Password");
    return row;
  }
  const [row] = await tx
    .select({ name: credentialGroups.name })
    .from(credentialGroups)
    .where(and(eq(credentialGroups.tenantId, tenantId), eq(credentialGroups.id, subject.credentialGroupId)));
  if (!row) throw notFound("Credential group");
  // Members of a group without a rotation target are reported (audited) when their checkout ends.
  return { name: row.name, hasTarget: true };
}

/** The policy set directly on a password or a credential group, with its approvers named (null: none). */
export async function getAccessPolicy(scope: TenantScope, subject: AccessSubject) {
  const { db: tx, tenantId } = scope;
  await requireSubject(scope, subject);
  const [policy] = await tx
    .select()
    .from(accessPolicies)
    .where(and(eq(accessPolicies.tenantId, tenantId), eq(subjectColumn(subject), subjectId(subject))));
  if (!policy) return null;
  const approvers = await tx
    .select({
      membershipId: accessPolicyApprovers.membershipId,
      userGroupId: accessPolicyApprovers.userGroupId,
      memberName: users.name,
      memberEmail: users.email,
      groupName: userGroups.name,
    })
    .from(accessPolicyApprovers)
    .leftJoin(memberships, and(eq(memberships.tenantId, accessPolicyApprovers.tenantId), eq(memberships.id, accessPolicyApprovers.membershipId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .leftJoin(userGroups, and(eq(userGroups.tenantId, accessPolicyApprovers.tenantId), eq(userGroups.id, accessPolicyApprovers.userGroupId)))
    .where(and(eq(accessPolicyApprovers.tenantId, tenantId), eq(accessPolicyApprovers.policyId, policy.id)))
    .orderBy(asc(users.name), asc(userGroups.name));
  return {
    id: policy.id,
    maxCheckoutMinutes: policy.maxCheckoutMinutes,
    requireTicket: policy.requireTicket,
    rotateOnCheckIn: policy.rotateOnCheckIn,
    approvers: approvers.map((a) =>
      a.membershipId
        ? { type: "member" as const, membershipId: a.membershipId, name: a.memberName ?? a.memberEmail ?? "" }
        : { type: "group" as const, userGroupId: a.userGroupId!, name: a.groupName ?? "" },
    ),
  };
}

/**
 * Marks a password or credential group as released only after approval (or changes how). Replaces the approvers
 * as a whole. Audited. Checkouts already running keep the window they were given.
 */
export async function setAccessPolicy(scope: MemberScope, input: z.infer<typeof setAccessPolicyInput>) {
  const { db: tx, tenantId, member } = scope;
  const subject = await requireSubject(scope, input.subject);
  if (input.rotateOnCheckIn && !subject.hasTarget) {
    throw badInput("rotateOnCheckIn", "This password has no rotation target: set one up first, or turn off rotate on check-in.");
  }
  const approvers = [];
  for (const grantee of input.approvers) approvers.push(await resolveGrantee(scope, grantee));
  const values = { maxCheckoutMinutes: input.maxCheckoutMinutes, requireTicket: input.requireTicket, rotateOnCheckIn: input.rotateOnCheckIn };
  const [existing] = await tx
    .select({ id: accessPolicies.id })
    .from(accessPolicies)
    .where(and(eq(accessPolicies.tenantId, tenantId), eq(subjectColumn(input.subject), subjectId(input.subject))))
    .for("update");
  const policyId = existing
    ? (await tx.update(accessPolicies).set(values).where(and(eq(accessPolicies.tenantId, tenantId), eq(accessPolicies.id, existing.id))), existing.id)
    : (
        await tx
          .insert(accessPolicies)
          .values({ tenantId, ...input.subject, ...values, createdBy: member.userId })
          .returning({ id: accessPolicies.id })
      )[0]!.id;
  await tx.delete(accessPolicyApprovers).where(and(eq(accessPolicyApprovers.tenantId, tenantId), eq(accessPolicyApprovers.policyId, policyId)));
  await tx
    .insert(accessPolicyApprovers)
    .values(approvers.map((a) => ({ tenantId, policyId, membershipId: a.membershipId, userGroupId: a.userGroupId })))
    .onConflictDoNothing();
  await audit(scope, {
    action: existing ? "access_policy.changed" : "access_policy.set",
    target: subjectTarget(input.subject),
    details: { ...values, approvers: approvers.map((a) => a.label) },
  });
  return { policyId };
}

/**
 * Lifts approval from a password or credential group. Requests still waiting are cancelled (there is nothing to
 * approve any more); running checkouts simply stop mattering. Audited.
 */
export async function removeAccessPolicy(scope: MemberScope, subject: AccessSubject) {
  const { db: tx, tenantId, member } = scope;
  await requireSubject(scope, subject);
  const [removed] = await tx
    .delete(accessPolicies)
    .where(and(eq(accessPolicies.tenantId, tenantId), eq(subjectColumn(subject), subjectId(subject))))
    .returning({ id: accessPolicies.id });
  if (!removed) throw notFound("Access policy");
  await audit(scope, { action: "access_policy.removed", target: subjectTarget(subject) });
  // Requests on credentials no other policy still controls: each is cancelled, audited and its requester told.
  const stillControlled = sql`exists (select 1 from credentials where ${credentials.tenantId} = ${accessRequests.tenantId}
    and ${credentials.id} = ${accessRequests.credentialId} and ${accessPolicyCoversCredential})`;
  const cancelled = await tx
    .update(accessRequests)
    .set({ status: "cancelled", endedAt: new Date(), endedByMembershipId: member.membershipId, decisionNote: "Approval is no longer required for this password." })
    .where(and(eq(accessRequests.tenantId, tenantId), inArray(accessRequests.status, ["pending", "queued"]), sql`not ${stillControlled}`))
    .returning({ id: accessRequests.id, credentialId: accessRequests.credentialId });
  for (const request of cancelled) await recordAccessChange(scope, "cancelled", request, { reason: "approval no longer required" });
  return { cancelledRequests: cancelled.length };
}

/**
 * What applies to one credential: every policy on it or on a credential group it belongs to, merged to the
 * strictest (the shortest window; a ticket and rotation if any policy asks). Null when none applies.
 */
export async function effectiveAccessPolicy(scope: TenantScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  const policies = await tx
    .select({
      id: accessPolicies.id,
      maxCheckoutMinutes: accessPolicies.maxCheckoutMinutes,
      requireTicket: accessPolicies.requireTicket,
      rotateOnCheckIn: accessPolicies.rotateOnCheckIn,
      groupName: credentialGroups.name,
    })
    .from(credentials)
    .innerJoin(
      accessPolicies,
      and(
        eq(accessPolicies.tenantId, credentials.tenantId),
        or(eq(accessPolicies.credentialId, credentials.id), sql`${accessPolicies.credentialGroupId} in (${groupsOfCredential})`),
      ),
    )
    .leftJoin(credentialGroups, and(eq(credentialGroups.tenantId, accessPolicies.tenantId), eq(credentialGroups.id, accessPolicies.credentialGroupId)))
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, credentialId)));
  if (policies.length === 0) return null;
  return {
    policyIds: policies.map((p) => p.id),
    maxCheckoutMinutes: Math.min(...policies.map((p) => p.maxCheckoutMinutes)),
    requireTicket: policies.some((p) => p.requireTicket),
    rotateOnCheckIn: policies.some((p) => p.rotateOnCheckIn),
    /** "this password", or the credential groups it is controlled through. */
    sources: policies.map((p) => (p.groupName ? `credential group ${p.groupName}` : "this password")),
  };
}
export type EffectiveAccessPolicy = NonNullable<Awaited<ReturnType<typeof effectiveAccessPolicy>>>;

/**
 * The active members who may decide requests under these policies: the approvers named, directly or through a
 * user group. (Owners and admins may always decide as well; see requests.ts.)
 */
export async function approverMembershipIds(scope: TenantScope, policyIds: string[]): Promise<string[]> {
  const { db: tx, tenantId } = scope;
  if (policyIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ id: memberships.id })
    .from(accessPolicyApprovers)
    .leftJoin(userGroupMembers, and(eq(userGroupMembers.tenantId, accessPolicyApprovers.tenantId), eq(userGroupMembers.groupId, accessPolicyApprovers.userGroupId)))
    .innerJoin(
      memberships,
      and(
        eq(memberships.tenantId, accessPolicyApprovers.tenantId),
        sql`${memberships.id} = coalesce(${accessPolicyApprovers.membershipId}, ${userGroupMembers.membershipId})`,
      ),
    )
    .where(and(eq(accessPolicyApprovers.tenantId, tenantId), inArray(accessPolicyApprovers.policyId, policyIds), eq(memberships.status, "active")));
  return rows.map((r) => r.id);
}
