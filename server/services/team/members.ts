import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { enterUser } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { mayManageRole } from "@/lib/permissions";
import { zRole, type MemberRole } from "@/lib/validation";
import { revokeUserSessions } from "@/server/auth/sessions";
import { AppError, notFound } from "@/server/errors";
import type { Member, MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { hasSecondFactor } from "../auth/passkeys";

export const changeRoleInput = z.object({ membershipId: z.uuid({ error: "Member id is invalid." }), role: zRole });
export const membershipIdInput = z.object({ membershipId: z.uuid({ error: "Member id is invalid." }) });

/** The acting member's name and email, for mail that names them. */
export async function actingAccount(scope: MemberScope) {
  const [account] = await scope.db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, scope.member.userId));
  return account!;
}

/** The tenant's members with their accounts, owners first. */
export async function listMembers(scope: TenantScope) {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .select({
      id: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      twoFactor: hasSecondFactor,
      emailVerified: users.emailVerifiedAt,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(memberships.status), asc(users.name));
  return rows.map((r) => ({ ...r, emailVerified: r.emailVerified !== null }));
}

async function loadMembership(scope: TenantScope, membershipId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role, status: memberships.status, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membershipId)));
  if (!row) throw notFound("Member");
  return row;
}

/**
 * Active owners other than `membershipId`, with their rows locked until commit: two owners demoting each other
 * at once are serialized, and the second sees that the first is no longer an owner.
 */
async function otherActiveOwners(scope: TenantScope, membershipId: string) {
  const { db: tx, tenantId } = scope;
  const owners = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner"), eq(memberships.status, "active")))
    .for("update");
  return owners.filter((o) => o.id !== membershipId).length;
}

/** Only owners may make or unmake owners; admins manage everyone else. */
function assertMayManage(actor: Member, targetRole: MemberRole, newRole?: MemberRole) {
  if (!mayManageRole(actor.role, targetRole) || (newRole && !mayManageRole(actor.role, newRole))) {
    throw new AppError("FORBIDDEN", "Only an owner can change an owner or make someone owner.");
  }
}

/**
 * Changes a member's role. The last active owner cannot be demoted. The member's sessions end at once, so the
 * new rights apply on their next request rather than whenever their session happens to expire.
 */
export async function changeMemberRole(scope: MemberScope, input: z.infer<typeof changeRoleInput>) {
  const { db: tx, tenantId, member } = scope;
  const target = await loadMembership(scope, input.membershipId);
  if (target.role === input.role) return;
  assertMayManage(member, target.role, input.role);
  if (target.role === "owner" && (await otherActiveOwners(scope, target.id)) === 0) {
    throw new AppError("BAD_REQUEST", "This is the last owner. Make someone else owner first.", "role");
  }
  await tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, target.id)));
  await enterUser(tx, target.userId);
  await revokeUserSessions(tx, target.userId, "role changed");
  await audit(scope, {
    action: "team.role_changed",
    target: { type: "user", id: target.userId },
    details: { email: target.email, from: target.role, to: input.role },
  });
}

/** Deactivates a member: they lose access to this tenant and every session of theirs ends at once. */
export async function deactivateMember(scope: MemberScope, membershipId: string) {
  const { db: tx, tenantId, member } = scope;
  const target = await loadMembership(scope, membershipId);
  if (target.status === "deactivated") return;
  if (target.userId === member.userId) throw new AppError("BAD_REQUEST", "You cannot deactivate yourself.");
  assertMayManage(member, target.role);
  if (target.role === "owner" && (await otherActiveOwners(scope, target.id)) === 0) {
    throw new AppError("BAD_REQUEST", "This is the last owner and cannot be deactivated.");
  }
  await tx
    .update(memberships)
    .set({ status: "deactivated" })
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, target.id)));
  await enterUser(tx, target.userId);
  await revokeUserSessions(tx, target.userId, "deactivated");
  await audit(scope, {
    action: "team.deactivated",
    target: { type: "user", id: target.userId },
    details: { email: target.email },
  });
}

/** Gives a deactivated member their access back, with the role they had. */
export async function reactivateMember(scope: MemberScope, membershipId: string) {
  const { db: tx, tenantId, member } = scope;
  const target = await loadMembership(scope, membershipId);
  if (target.status === "active") return;
  assertMayManage(member, target.role);
  await tx
    .update(memberships)
    .set({ status: "active" })
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, target.id)));
  await audit(scope, {
    action: "team.reactivated",
    target: { type: "user", id: target.userId },
    details: { email: target.email },
  });
}
