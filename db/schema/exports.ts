import { sql } from "drizzle-orm";
import { boolean, check, pgTable, unique, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { userGroups } from "./groups";
import { memberRole, memberships } from "./memberships";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/**
 * Who may export, as owners set it (issue #13): one row per role, user group or member whose setting departs from
 * "not set". Exactly one subject per row; an absent row means the next less specific setting applies, down to the
 * role defaults of lib/permissions.ts (exportVerdict). Owners always may export, so no row names the owner role.
 */
export const exportPermissions = pgTable(
  "export_permissions",
  {
    ...tenantScoped,
    role: memberRole(),
    userGroupId: uuid(),
    membershipId: uuid(),
    allowed: boolean().notNull(),
    setBy: uuid().notNull(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "export_permissions"),
    sameTenant("export_permissions_group_fk", t, t.userGroupId, userGroups).onDelete("cascade"),
    sameTenant("export_permissions_membership_fk", t, t.membershipId, memberships).onDelete("cascade"),
    check("export_permissions_one_subject", sql`num_nonnulls(${t.role}, ${t.userGroupId}, ${t.membershipId}) = 1`),
    check("export_permissions_not_owner", sql`${t.role} is distinct from 'owner'`),
    unique("export_permissions_subject_key").on(t.tenantId, t.role, t.userGroupId, t.membershipId).nullsNotDistinct(),
  ],
);
