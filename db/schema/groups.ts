import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { memberships } from "./memberships";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/** Named sets of members (e.g. "Network team"): notification recipients now, sharing later (issue #6). */
export const userGroups = pgTable(
  "user_groups",
  {
    ...tenantScoped,
    name: text().notNull(),
    description: text().notNull().default(""),
    ...timestamps,
  },
  (t) => [...tenantTable(t, "user_groups"), uniqueIndex("user_groups_tenant_name_key").on(t.tenantId, t.name)],
);

/** A member in a group. Keyed by membership, so a deactivated member stays listed but receives nothing. */
export const userGroupMembers = pgTable(
  "user_group_members",
  {
    ...tenantScoped,
    groupId: uuid().notNull(),
    membershipId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(t, "user_group_members"),
    sameTenant("user_group_members_group_fk", t, t.groupId, userGroups).onDelete("cascade"),
    sameTenant("user_group_members_membership_fk", t, t.membershipId, memberships).onDelete("cascade"),
    uniqueIndex("user_group_members_group_membership_key").on(t.tenantId, t.groupId, t.membershipId),
    index("user_group_members_membership_idx").on(t.tenantId, t.membershipId),
  ],
);
