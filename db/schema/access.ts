import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { credentials } from "./credentials";
import { userGroups } from "./groups";
import { memberships } from "./memberships";
import { credentialGroups } from "./sharing";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/** The longest checkout a policy may allow: a week. */
export const MAX_CHECKOUT_MINUTES = 7 * 24 * 60;

/**
 * "This password is released only after approval": on one credential or on a credential group (so every member,
 * static or dynamic, is controlled). Secrets of a controlled credential are revealed, copied or edited only during
 * the member's own approved checkout. Where several policies apply, the strictest wins (see services/access).
 */
export const accessPolicies = pgTable(
  "access_policies",
  {
    ...tenantScoped,
    credentialId: uuid(),
    credentialGroupId: uuid(),
    /** The longest window an approval grants; the requester may ask for less. */
    maxCheckoutMinutes: integer().notNull(),
    requireTicket: boolean().notNull().default(false),
    /** Rotate the password (issue #4's workflow) when a checkout ends, so what was seen stops working. */
    rotateOnCheckIn: boolean().notNull().default(false),
    createdBy: uuid(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "access_policies"),
    sameTenant("access_policies_credential_fk", t, t.credentialId, credentials).onDelete("cascade"),
    sameTenant("access_policies_credential_group_fk", t, t.credentialGroupId, credentialGroups).onDelete("cascade"),
    check("access_policies_one_subject", sql`num_nonnulls(${t.credentialId}, ${t.credentialGroupId}) = 1`),
    check("access_policies_window_range", sql`${t.maxCheckoutMinutes} between 1 and ${sql.raw(String(MAX_CHECKOUT_MINUTES))}`),
    uniqueIndex("access_policies_credential_key").on(t.tenantId, t.credentialId).where(sql`credential_id is not null`),
    uniqueIndex("access_policies_credential_group_key").on(t.tenantId, t.credentialGroupId).where(sql`credential_group_id is not null`),
  ],
);

/** Who may decide a policy's requests: members, or everyone in a user group. */
export const accessPolicyApprovers = pgTable(
  "access_policy_approvers",
  {
    ...tenantScoped,
    policyId: uuid().notNull(),
    membershipId: uuid(),
    userGroupId: uuid(),
  },
  (t) => [
    ...tenantTable(t, "access_policy_approvers"),
    sameTenant("access_policy_approvers_policy_fk", t, t.policyId, accessPolicies).onDelete("cascade"),
    sameTenant("access_policy_approvers_membership_fk", t, t.membershipId, memberships).onDelete("cascade"),
    sameTenant("access_policy_approvers_user_group_fk", t, t.userGroupId, userGroups).onDelete("cascade"),
    check("access_policy_approvers_one_approver", sql`num_nonnulls(${t.membershipId}, ${t.userGroupId}) = 1`),
    unique("access_policy_approvers_key").on(t.tenantId, t.policyId, t.membershipId, t.userGroupId).nullsNotDistinct(),
  ],
);

/**
 * A request's life: pending → (denied | cancelled | queued | checked_out); queued → checked_out (when the current
 * checkout ends) | cancelled | revoked; checked_out → checked_in | expired | revoked.
 */
export const accessRequestStatuses = [
  "pending",
  "queued",
  "checked_out",
  "denied",
  "cancelled",
  "checked_in",
  "expired",
  "revoked",
] as const;
export type AccessRequestStatus = (typeof accessRequestStatuses)[number];
export const accessRequestStatus = pgEnum("access_request_status", accessRequestStatuses);

/**
 * One member's request to use one controlled credential, and the checkout it became. The window is fixed when the
 * checkout starts (`windowMinutes` from then); `rotateOnCheckIn` is the policy's setting at approval, so a later
 * policy change does not alter a checkout in progress.
 */
export const accessRequests = pgTable(
  "access_requests",
  {
    ...tenantScoped,
    credentialId: uuid().notNull(),
    requesterMembershipId: uuid().notNull(),
    reason: text().notNull(),
    ticketId: text(),
    windowMinutes: integer().notNull(),
    status: accessRequestStatus().notNull().default("pending"),
    decidedByMembershipId: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    rotateOnCheckIn: boolean().notNull().default(false),
    /** When it became queued: the queue's order. */
    queuedAt: timestamp({ withTimezone: true }),
    checkedOutAt: timestamp({ withTimezone: true }),
    windowEndsAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    endedByMembershipId: uuid(),
    /** The rotation started when the checkout ended (null: none was set, or it could not start — see audit). */
    rotationRunId: uuid(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "access_requests"),
    sameTenant("access_requests_credential_fk", t, t.credentialId, credentials).onDelete("cascade"),
    sameTenant("access_requests_requester_fk", t, t.requesterMembershipId, memberships).onDelete("cascade"),
    check("access_requests_window_range", sql`${t.windowMinutes} between 1 and ${sql.raw(String(MAX_CHECKOUT_MINUTES))}`),
    check("access_requests_checkout_has_window", sql`${t.status} <> 'checked_out' or ${t.windowEndsAt} is not null`),
    // One checkout at a time per credential: the database refuses a second, whatever races above it.
    uniqueIndex("access_requests_one_checkout_key").on(t.tenantId, t.credentialId).where(sql`status = 'checked_out'`),
    // One open request per member and credential.
    uniqueIndex("access_requests_one_open_key")
      .on(t.tenantId, t.credentialId, t.requesterMembershipId)
      .where(sql`status in ('pending', 'queued', 'checked_out')`),
    index("access_requests_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("access_requests_requester_idx").on(t.tenantId, t.requesterMembershipId, t.createdAt),
  ],
);
