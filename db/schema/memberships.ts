import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, foreignKey } from "drizzle-orm/pg-core";
import { currentUser, timestamps } from "./columns";
import { tenantScoped, tenantTable } from "./tenancy";
import { users } from "./users";
import { memberRoleValues } from "@/lib/validation";

export const memberRole = pgEnum("member_role", memberRoleValues);
export const membershipStatus = pgEnum("membership_status", ["active", "deactivated"]);

/** A user's seat in a tenant. A user may read their own memberships across tenants (to switch between them). */
export const memberships = pgTable(
  "memberships",
  {
    ...tenantScoped,
    userId: uuid().notNull(),
    role: memberRole().notNull(),
    status: membershipStatus().notNull().default("active"),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "memberships", sql`user_id = ${currentUser}`),
    foreignKey({ name: "memberships_user_fk", columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
    uniqueIndex("memberships_tenant_user_key").on(t.tenantId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

/** Pending invitations. The invitee, who is not a member yet, sees exactly the row whose token they hold. */
export const invitations = pgTable(
  "invitations",
  {
    ...tenantScoped,
    email: text().notNull(),
    role: memberRole().notNull(),
    tokenHash: text().notNull(),
    invitedBy: uuid().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(
      t,
      "invitations",
      sql`token_hash = nullif(current_setting('app.invitation_token_hash', true), '')`,
    ),
    uniqueIndex("invitations_token_key").on(t.tokenHash),
    foreignKey({ name: "invitations_inviter_fk", columns: [t.invitedBy], foreignColumns: [users.id] }),
  ],
);
