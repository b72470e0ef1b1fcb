import { sql } from "drizzle-orm";
import { check, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { credentials } from "./credentials";
import { customers } from "./entities";
import { userGroups } from "./groups";
import { memberships } from "./memberships";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/** What a share allows: view (reveal/copy), modify (also edit), full (also share, delete, rotation). */
export const shareLevels = ["view", "modify", "full"] as const;
export const shareLevel = pgEnum("share_level", shareLevels);
export type ShareLevel = (typeof shareLevels)[number];

export const credentialGroupKind = pgEnum("credential_group_kind", ["static", "dynamic"]);

/**
 * What a dynamic credential group matches. Every criterion given must hold (AND); within a list any value
 * matches (OR). Patterns are case-insensitive substrings where `*` stands for anything.
 */
export type CredentialGroupCriteria = {
  customerIds?: string[];
  /** Where the credential is filed: on the customer itself, a contact or a device. */
  targetKinds?: ("customer" | "contact" | "device")[];
  deviceTypes?: ("server" | "workstation" | "network" | "printer" | "firewall" | "cloud" | "other")[];
  /** Any of these tags (case-insensitive). */
  tags?: string[];
  namePattern?: string;
  usernamePattern?: string;
  domainPattern?: string;
};

/**
 * A named set of credentials: static (hand-picked, credential_group_members) or dynamic (criteria evaluated by
 * query, so a new credential that matches belongs at once).
 */
export const credentialGroups = pgTable(
  "credential_groups",
  {
    ...tenantScoped,
    name: text().notNull(),
    description: text().notNull().default(""),
    kind: credentialGroupKind().notNull(),
    /** Dynamic groups only. */
    criteria: jsonb().$type<CredentialGroupCriteria>(),
    createdBy: uuid(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "credential_groups"),
    uniqueIndex("credential_groups_tenant_name_key").on(t.tenantId, t.name),
    check("credential_groups_criteria_kind", sql`(${t.kind} = 'dynamic') = (${t.criteria} is not null)`),
  ],
);

/** The hand-picked credentials of a static group. */
export const credentialGroupMembers = pgTable(
  "credential_group_members",
  {
    ...tenantScoped,
    groupId: uuid().notNull(),
    credentialId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(t, "credential_group_members"),
    sameTenant("credential_group_members_group_fk", t, t.groupId, credentialGroups).onDelete("cascade"),
    sameTenant("credential_group_members_credential_fk", t, t.credentialId, credentials).onDelete("cascade"),
    uniqueIndex("credential_group_members_group_credential_key").on(t.tenantId, t.groupId, t.credentialId),
    index("credential_group_members_credential_idx").on(t.tenantId, t.credentialId),
  ],
);

/**
 * A grant: one subject (a credential, everything of a customer, or a credential group) to one grantee (a member or
 * a user group) at a level. Exactly one subject column and one grantee column are set (CHECKs); one row per
 * subject and grantee (sharing again changes the level).
 */
export const shares = pgTable(
  "shares",
  {
    ...tenantScoped,
    credentialId: uuid(),
    customerId: uuid(),
    credentialGroupId: uuid(),
    membershipId: uuid(),
    userGroupId: uuid(),
    level: shareLevel().notNull(),
    /** The user who shared (null once that user is gone). */
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(t, "shares"),
    sameTenant("shares_credential_fk", t, t.credentialId, credentials).onDelete("cascade"),
    sameTenant("shares_customer_fk", t, t.customerId, customers).onDelete("cascade"),
    sameTenant("shares_credential_group_fk", t, t.credentialGroupId, credentialGroups).onDelete("cascade"),
    sameTenant("shares_membership_fk", t, t.membershipId, memberships).onDelete("cascade"),
    sameTenant("shares_user_group_fk", t, t.userGroupId, userGroups).onDelete("cascade"),
    check("shares_one_subject", sql`num_nonnulls(${t.credentialId}, ${t.customerId}, ${t.credentialGroupId}) = 1`),
    check("shares_one_grantee", sql`num_nonnulls(${t.membershipId}, ${t.userGroupId}) = 1`),
    unique("shares_subject_grantee_key")
      .on(t.tenantId, t.credentialId, t.customerId, t.credentialGroupId, t.membershipId, t.userGroupId)
      .nullsNotDistinct(),
    index("shares_credential_idx").on(t.tenantId, t.credentialId).where(sql`credential_id is not null`),
    index("shares_customer_idx").on(t.tenantId, t.customerId).where(sql`customer_id is not null`),
    index("shares_credential_group_idx").on(t.tenantId, t.credentialGroupId).where(sql`credential_group_id is not null`),
    index("shares_membership_idx").on(t.tenantId, t.membershipId).where(sql`membership_id is not null`),
    index("shares_user_group_idx").on(t.tenantId, t.userGroupId).where(sql`user_group_id is not null`),
  ],
);
