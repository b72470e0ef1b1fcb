import "server-only";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import { exportPermissions, memberships, userGroupMembers, userGroups, users } from "@/db/schema";
import { exportSettingChoices, exportSettingOf } from "@/lib/export";
import { EXPORT_ROLE_DEFAULTS, exportVerdict, type ExportSettingsOf, type ExportVerdict } from "@/lib/permissions";
import { memberRoleValues, roleLabels, type MemberRole } from "@/lib/validation";
import { AppError, notFound } from "@/server/errors";
import type { Member, MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

/*
 * Who may export (lib/permissions.ts, exportVerdict): the settings owners make per role, user group and member, read
 * for one member (before an export, and for the buttons) or for everyone (the settings page), and changed.
 */

const settableRoles = memberRoleValues.filter((r): r is Exclude<MemberRole, "owner"> => r !== "owner");

export const setExportPermissionInput = z.object({
  subject: z.discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("role"), role: z.enum(settableRoles, { error: "Owners may always export: pick another role." }) }),
      z.object({ type: z.literal("group"), userGroupId: z.uuid({ error: "Group id is invalid." }) }),
      z.object({ type: z.literal("member"), membershipId: z.uuid({ error: "Member id is invalid." }) }),
    ],
    { error: "Choose a role, a user group or a member." },
  ),
  setting: z.enum(exportSettingChoices, { error: "Setting must be default, allow or deny." }),
});

type SettingRow = { role: MemberRole | null; userGroupId: string | null; membershipId: string | null; allowed: boolean; groupName: string | null };

const settingColumns = {
  role: exportPermissions.role,
  userGroupId: exportPermissions.userGroupId,
  membershipId: exportPermissions.membershipId,
  allowed: exportPermissions.allowed,
  groupName: userGroups.name,
};

function settingRows(scope: TenantScope, where?: ReturnType<typeof or>) {
  const { db: tx, tenantId } = scope;
  return tx
    .select(settingColumns)
    .from(exportPermissions)
    .leftJoin(userGroups, and(eq(userGroups.tenantId, exportPermissions.tenantId), eq(userGroups.id, exportPermissions.userGroupId)))
    .where(and(eq(exportPermissions.tenantId, tenantId), where))
    .orderBy(asc(userGroups.name));
}

/** The settings that apply to a member, out of rows that include them (and possibly others'). */
function settingsFor(member: { membershipId: string; role: MemberRole }, groupIds: Set<string>, rows: SettingRow[]): ExportSettingsOf {
  return {
    member: rows.find((r) => r.membershipId === member.membershipId)?.allowed ?? null,
    groups: rows.filter((r) => r.userGroupId && groupIds.has(r.userGroupId)).map((r) => ({ name: r.groupName ?? "", allowed: r.allowed })),
    role: rows.find((r) => r.role === member.role)?.allowed ?? null,
  };
}

/** Whether this member may export, and why (one query). */
export async function exportVerdictOf(scope: TenantScope, member: Member): Promise<ExportVerdict> {
  if (member.role === "owner") return exportVerdict("owner", { member: null, groups: [], role: null });
  const { db: tx, tenantId } = scope;
  const theirGroups = tx
    .select({ groupId: userGroupMembers.groupId })
    .from(userGroupMembers)
    .where(and(eq(userGroupMembers.tenantId, tenantId), eq(userGroupMembers.membershipId, member.membershipId)));
  const rows = await settingRows(
    scope,
    or(eq(exportPermissions.role, member.role), eq(exportPermissions.membershipId, member.membershipId), inArray(exportPermissions.userGroupId, theirGroups)),
  );
  const groupIds = new Set(rows.flatMap((r) => (r.userGroupId ? [r.userGroupId] : [])));
  return exportVerdict(member.role, settingsFor(member, groupIds, rows));
}

/** The acting member's own verdict: what the export page and the customer page's Export button show. */
export const myExportAccess = (scope: MemberScope) => exportVerdictOf(scope, scope.member);

/** Throws FORBIDDEN, with the reason, unless the acting member may export. */
export async function requireExportAllowed(scope: MemberScope): Promise<void> {
  const verdict = await myExportAccess(scope);
  if (!verdict.allowed) throw new AppError("FORBIDDEN", `You may not export passwords from this workspace. ${verdict.reason}`);
}

/**
 * The settings page: each role's setting and default, each user group's setting, and every member's setting with
 * what it adds up to for them, and why.
 */
export async function exportPermissionOverview(scope: TenantScope) {
  const { db: tx, tenantId } = scope;
  const [rows, groups, members, groupMembers] = await Promise.all([
    settingRows(scope),
    tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups).where(eq(userGroups.tenantId, tenantId)).orderBy(asc(userGroups.name)),
    tx
      .select({ membershipId: memberships.id, role: memberships.role, status: memberships.status, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.tenantId, tenantId))
      .orderBy(asc(memberships.status), asc(users.name)),
    tx.select({ groupId: userGroupMembers.groupId, membershipId: userGroupMembers.membershipId }).from(userGroupMembers).where(eq(userGroupMembers.tenantId, tenantId)),
  ]);
  const groupsOf = (membershipId: string) => new Set(groupMembers.filter((g) => g.membershipId === membershipId).map((g) => g.groupId));
  return {
    roles: memberRoleValues.map((role) => ({
      role,
      label: roleLabels[role],
      setting: role === "owner" ? ("allow" as const) : exportSettingOf(rows.find((r) => r.role === role)?.allowed ?? null),
      defaultAllowed: EXPORT_ROLE_DEFAULTS[role],
      fixed: role === "owner",
    })),
    groups: groups.map((g) => ({ ...g, setting: exportSettingOf(rows.find((r) => r.userGroupId === g.id)?.allowed ?? null) })),
    members: members.map((m) => ({
      ...m,
      setting: exportSettingOf(rows.find((r) => r.membershipId === m.membershipId)?.allowed ?? null),
      verdict: exportVerdict(m.role, settingsFor(m, groupsOf(m.membershipId), rows)),
    })),
  };
}

/** Sets (or, with "default", clears) who may export for one role, user group or member; owners only, audited. */
export async function setExportPermission(scope: MemberScope, input: z.infer<typeof setExportPermissionInput>) {
  const { db: tx, tenantId } = scope;
  const { subject, setting } = input;
  const columns = {
    role: subject.type === "role" ? subject.role : null,
    userGroupId: subject.type === "group" ? subject.userGroupId : null,
    membershipId: subject.type === "member" ? subject.membershipId : null,
  };
  if (subject.type === "group") {
    const [group] = await tx.select({ id: userGroups.id }).from(userGroups).where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, subject.userGroupId)));
    if (!group) throw notFound("Group");
  }
  if (subject.type === "member") {
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, subject.membershipId)));
    if (!member) throw notFound("Member");
    if (member.role === "owner") throw new AppError("BAD_REQUEST", "Owners may always export: there is nothing to set for an owner.", "subject");
  }
  const sameSubject = and(
    eq(exportPermissions.tenantId, tenantId),
    columns.role ? eq(exportPermissions.role, columns.role) : undefined,
    columns.userGroupId ? eq(exportPermissions.userGroupId, columns.userGroupId) : undefined,
    columns.membershipId ? eq(exportPermissions.membershipId, columns.membershipId) : undefined,
  );
  if (setting === "default") {
    await tx.delete(exportPermissions).where(sameSubject);
  } else {
    await tx
      .insert(exportPermissions)
      .values({ tenantId, ...columns, allowed: setting === "allow", setBy: scope.member.userId })
      .onConflictDoUpdate({
        target: [exportPermissions.tenantId, exportPermissions.role, exportPermissions.userGroupId, exportPermissions.membershipId],
        set: { allowed: setting === "allow", setBy: scope.member.userId },
      });
  }
  const target =
    subject.type === "role" ? { type: "role", id: subject.role } : subject.type === "group" ? { type: "group", id: subject.userGroupId } : { type: "member", id: subject.membershipId };
  await audit(scope, { action: "export.permission_changed", target, details: { setting } });
  return { setting };
}
