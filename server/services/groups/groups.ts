import "server-only";
import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { memberships, userGroupMembers, userGroups, users } from "@/db/schema";
import { AppError, badInput, notFound } from "@/server/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";

const zGroupId = z.uuid({ error: "Group id is invalid." });
const zGroupName = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.");
const zDescription = z.string({ error: "Description must be text." }).trim().max(500, "Description must be at most 500 characters.");

export const groupIdInput = z.object({ groupId: zGroupId });
export const createGroupInput = z.object({ name: zGroupName, description: zDescription.default("") });
export const updateGroupInput = z.object({ groupId: zGroupId, name: zGroupName, description: zDescription.default("") });
export const groupMemberInput = z.object({ groupId: zGroupId, membershipId: z.uuid({ error: "Member id is invalid." }) });

export type GroupMember = { membershipId: string; userId: string; name: string; email: string; status: "active" | "deactivated" };
export type Group = { id: string; name: string; description: string; members: GroupMember[] };

/** The tenant's groups by name, each with its members (deactivated ones included, marked as such). */
export async function listGroups(tx: Tx, tenantId: string): Promise<Group[]> {
  const groups = await tx
    .select({ id: userGroups.id, name: userGroups.name, description: userGroups.description })
    .from(userGroups)
    .where(eq(userGroups.tenantId, tenantId))
    .orderBy(asc(userGroups.name));
  const rows = await tx
    .select({
      groupId: userGroupMembers.groupId,
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      status: memberships.status,
    })
    .from(userGroupMembers)
    .innerJoin(memberships, and(eq(memberships.tenantId, userGroupMembers.tenantId), eq(memberships.id, userGroupMembers.membershipId)))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(userGroupMembers.tenantId, tenantId))
    .orderBy(asc(users.name));
  return groups.map((g) => ({
    ...g,
    members: rows
      .filter((r) => r.groupId === g.id)
      .map((r) => ({ membershipId: r.membershipId, userId: r.userId, name: r.name, email: r.email, status: r.status })),
  }));
}

async function loadGroup(tx: Tx, tenantId: string, groupId: string) {
  const [row] = await tx
    .select({ id: userGroups.id, name: userGroups.name, description: userGroups.description })
    .from(userGroups)
    .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, groupId)));
  if (!row) throw notFound("Group");
  return row;
}

async function assertNameFree(tx: Tx, tenantId: string, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: userGroups.id })
    .from(userGroups)
    .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.name, name), exceptId ? ne(userGroups.id, exceptId) : undefined));
  if (clash) throw new AppError("CONFLICT", `A group named ${name} already exists.`, "name");
}

/** Creates an empty group. */
export async function createGroup(tx: Tx, tenantId: string, audit: AuditActor, input: z.infer<typeof createGroupInput>) {
  await assertNameFree(tx, tenantId, input.name);
  const [row] = await tx.insert(userGroups).values({ tenantId, name: input.name, description: input.description }).returning();
  await recordAuditEvent(tx, tenantId, audit, {
    action: "group.created",
    target: { type: "user_group", id: row!.id },
    details: { name: input.name },
  });
  return { id: row!.id, name: row!.name, description: row!.description };
}

/** Renames a group or changes its description. */
export async function updateGroup(tx: Tx, tenantId: string, audit: AuditActor, input: z.infer<typeof updateGroupInput>) {
  const before = await loadGroup(tx, tenantId, input.groupId);
  await assertNameFree(tx, tenantId, input.name, input.groupId);
  await tx
    .update(userGroups)
    .set({ name: input.name, description: input.description })
    .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, input.groupId)));
  await recordAuditEvent(tx, tenantId, audit, {
    action: "group.updated",
    target: { type: "user_group", id: input.groupId },
    details: { from: before.name, to: input.name },
  });
}

/** Deletes a group and its memberships; notification rules naming it simply stop resolving it. */
export async function deleteGroup(tx: Tx, tenantId: string, audit: AuditActor, groupId: string) {
  const group = await loadGroup(tx, tenantId, groupId);
  await tx.delete(userGroups).where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, groupId)));
  await recordAuditEvent(tx, tenantId, audit, {
    action: "group.deleted",
    target: { type: "user_group", id: groupId },
    details: { name: group.name },
  });
}

async function loadMember(tx: Tx, tenantId: string, membershipId: string) {
  const [row] = await tx
    .select({ id: memberships.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membershipId)));
  if (!row) throw badInput("membershipId", "That member was not found in this workspace.");
  return row;
}

/** Adds a member to a group (adding one twice changes nothing). */
export async function addGroupMember(tx: Tx, tenantId: string, audit: AuditActor, input: z.infer<typeof groupMemberInput>) {
  const group = await loadGroup(tx, tenantId, input.groupId);
  const member = await loadMember(tx, tenantId, input.membershipId);
  const added = await tx
    .insert(userGroupMembers)
    .values({ tenantId, groupId: group.id, membershipId: member.id })
    .onConflictDoNothing()
    .returning({ id: userGroupMembers.id });
  if (added.length === 0) return;
  await recordAuditEvent(tx, tenantId, audit, {
    action: "group.member_added",
    target: { type: "user_group", id: group.id },
    details: { group: group.name, membershipId: member.id, member: member.email },
  });
}

/** Removes a member from a group. */
export async function removeGroupMember(tx: Tx, tenantId: string, audit: AuditActor, input: z.infer<typeof groupMemberInput>) {
  const group = await loadGroup(tx, tenantId, input.groupId);
  const member = await loadMember(tx, tenantId, input.membershipId);
  const removed = await tx
    .delete(userGroupMembers)
    .where(
      and(
        eq(userGroupMembers.tenantId, tenantId),
        eq(userGroupMembers.groupId, group.id),
        eq(userGroupMembers.membershipId, member.id),
      ),
    )
    .returning({ id: userGroupMembers.id });
  if (removed.length === 0) return;
  await recordAuditEvent(tx, tenantId, audit, {
    action: "group.member_removed",
    target: { type: "user_group", id: group.id },
    details: { group: group.name, membershipId: member.id, member: member.email },
  });
}
