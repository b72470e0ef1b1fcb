import "server-only";
import { and, asc, count, desc, eq, gt, isNull, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { RECONFIRM_MAX_MINUTES } from "@/lib/reconfirm";
import { withUser, type Tx } from "@/db/client";
import { reusableStatement } from "@/db/reusable-statement";
import {
  contacts,
  credentials,
  customers,
  defaultTenantSettings,
  devices,
  emailOutbox,
  imports,
  invitations,
  memberships,
  passkeys,
  tenants,
  users,
  type TenantSettings,
} from "@/db/schema";
import { onboardingSteps } from "@/lib/onboarding";
import { secretLimitSettings, type SecretLimitSetting } from "@/lib/secret-limits";
import { zWorkspaceName, type MemberRole } from "@/lib/validation";
import { audit } from "../audit/record-audit-event";
import { hasSecondFactor } from "../auth/passkeys";
import type { MemberScope, TenantScope } from "@/server/scope";
import type { EntityTable } from "../vault/entity-list";
import { visibleCredentialsCondition } from "../sharing/permissions";
import { visibleHolders, type HolderKind } from "../vault/holders";

/** The workspaces a user can switch between (active memberships), by name. */
export async function listMyWorkspaces(userId: string) {
  return withUser(userId, (tx) =>
    tx
      .select({ slug: tenants.slug, name: tenants.name, role: memberships.role })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.userId, userId), eq(memberships.status, "active")))
      .orderBy(asc(tenants.name)),
  );
}

export type ResolvedMembership = {
  tenantId: string;
  tenantName: string;
  slug: string;
  settings: TenantSettings;
  membershipId: string;
  role: MemberRole;
};

/**
 * A request's member: their membership in the tenant, with what the request needs of their account. `ssoRequired`:
 * the workspace requires them to come through its identity provider (they are not a break-glass owner).
 */
export type RequestMembership = ResolvedMembership & { email: string; name: string; twoFactorEnabled: boolean; ssoRequired: boolean };

/**
 * The user's active membership in the tenant with this slug, with their account, in one query of an open
 * user-scoped transaction; null for an unknown slug, another tenant or a deactivated membership alike, so
 * existence never leaks.
 */
export async function findMembershipIn(tx: Tx, userId: string, slug: string): Promise<RequestMembership | null> {
  const [row] = await activeMembershipBySlug(tx, { userId, slug });
  if (!row) return null;
  return { ...row, settings: { ...defaultTenantSettings, ...row.settings } };
}

const activeMembershipBySlug = reusableStatement("active_membership_by_slug", (tx) =>
  tx
    .select({
      tenantId: tenants.id,
      tenantName: tenants.name,
      slug: tenants.slug,
      settings: tenants.settings,
      membershipId: memberships.id,
      role: memberships.role,
      email: users.email,
      name: users.name,
      twoFactorEnabled: hasSecondFactor,
      ssoRequired: sql<boolean>`vaultline_sso_required(${tenants.id}, ${memberships.userId})`,
    })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, sql.placeholder("userId")), eq(tenants.slug, sql.placeholder("slug")), eq(memberships.status, "active")))
    .limit(1),
);

/** findMembershipIn, in a transaction of its own (pages resolving the workspace they render). */
export function findMembership(userId: string, slug: string): Promise<RequestMembership | null> {
  return withUser(userId, (tx) => findMembershipIn(tx, userId, slug));
}

/**
 * The workspace home page: counts of what the member may see, and their first-run checklist (lib/onboarding.ts), whose
 * facts come in the same statement. `twoFactorEnabled` is the member's own account, resolved with the request.
 */
export async function workspaceHome(scope: MemberScope, twoFactorEnabled: boolean) {
  const { db: tx, tenantId, member } = scope;
  const countOf = (query: SQL) => sql<number>`(${query})::int`;
  const visible = (table: EntityTable, kind: HolderKind) =>
    countOf(sql`${tx.select({ n: count() }).from(table).where(and(eq(table.tenantId, tenantId), visibleHolders(member, kind)))}`);
  const liveVisibleCredentials = and(eq(credentials.tenantId, tenantId), isNull(credentials.deletedAt), visibleCredentialsCondition(member));
  const invitationOpen = and(
    eq(invitations.tenantId, tenantId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, sql`now()`),
  );
  const [row] = await tx
    .select({
      members: count(),
      customers: visible(customers, "customer"),
      contacts: visible(contacts, "contact"),
      devices: visible(devices, "device"),
      passwords: countOf(sql`${tx.select({ n: count() }).from(credentials).where(liveVisibleCredentials)}`),
      openInvitations: countOf(sql`${tx.select({ n: count() }).from(invitations).where(invitationOpen)}`),
      importsCompleted: countOf(
        sql`${tx.select({ n: count() }).from(imports).where(and(eq(imports.tenantId, tenantId), eq(imports.state, "completed")))}`,
      ),
    })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active")));
  const { openInvitations = 0, importsCompleted = 0, ...counts } = row ?? { members: 0, customers: 0, contacts: 0, devices: 0, passwords: 0 };
  const invitedOthers = counts.members > 1 || openInvitations > 0;
  const facts = { customers: counts.customers, passwords: counts.passwords, invitedOthers, twoFactorEnabled, importsCompleted };
  return { counts, onboarding: onboardingSteps(facts, member.role) };
}

function secretLimit(key: SecretLimitSetting) {
  const { label, min, max } = secretLimitSettings[key];
  return z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min}.`)
    .max(max, `${label} must be at most ${max}.`)
    .optional();
}

export const updateSettingsInput = z.object({
  /** Renames the workspace; its slug, and so every link to it, stays. */
  name: zWorkspaceName.optional(),
  idleTimeoutMinutes: z
    .number({ error: "Idle timeout must be a number of minutes." })
    .int("Idle timeout must be a whole number of minutes.")
    .min(5, "Idle timeout must be at least 5 minutes.")
    .max(1440, "Idle timeout must be at most 1440 minutes (24 hours)."),
  absoluteTimeoutHours: z
    .number({ error: "Session lifetime must be a number of hours." })
    .int("Session lifetime must be a whole number of hours.")
    .min(1, "Session lifetime must be at least 1 hour.")
    .max(168, "Session lifetime must be at most 168 hours (7 days)."),
  requireTwoFactor: z.boolean({ error: "Require two-factor must be on or off." }),
  terminology: z.enum(["customers", "sites"], { error: "Terminology must be customers or sites." }).optional(),
  allowPrivateTargets: z.boolean({ error: "Allow private rotation targets must be on or off." }).optional(),
  restrictTechniciansToShared: z.boolean({ error: "Restrict technicians to shared passwords must be on or off." }).optional(),
  secretsPerMemberPerMinute: secretLimit("secretsPerMemberPerMinute"),
  secretsPerWorkspacePerMinute: secretLimit("secretsPerWorkspacePerMinute"),
  bulkRevealPasswords: secretLimit("bulkRevealPasswords"),
  bulkRevealMinutes: secretLimit("bulkRevealMinutes"),
  reconfirmAfterMinutes: z
    .number({ error: "Confirm again after must be a number of minutes." })
    .int("Confirm again after must be a whole number of minutes.")
    .min(0, "Confirm again after must be 0 (never) or more minutes.")
    .max(RECONFIRM_MAX_MINUTES, `Confirm again after must be at most ${RECONFIRM_MAX_MINUTES} minutes (24 hours).`)
    .optional(),
});

export async function getTenantSettings(scope: TenantScope): Promise<TenantSettings & { name: string; slug: string }> {
  const { db: tx, tenantId } = scope;
  const [row] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  return { ...defaultTenantSettings, ...row!.settings, name: row!.name, slug: row!.slug };
}

/** Updates the tenant's name, security settings and terminology; the audit event names what changed and its new value. */
export async function updateTenantSettings(scope: TenantScope, input: z.infer<typeof updateSettingsInput>) {
  const { db: tx, tenantId } = scope;
  const current = await getTenantSettings(scope);
  // Settings a form does not show are left out of its input: they stay as they were. The procedure's input also
  // carries the tenant slug, which is no setting.
  const keys = Object.keys(defaultTenantSettings) as (keyof TenantSettings)[];
  const next = Object.fromEntries(keys.map((k) => [k, input[k] ?? current[k]])) as TenantSettings;
  const changed = keys.filter((k) => current[k] !== next[k]);
  const name = input.name ?? current.name;
  const renamed = name !== current.name;
  if (changed.length === 0 && !renamed) return { ...next, name };
  await tx.update(tenants).set({ settings: next, name }).where(eq(tenants.id, tenantId));
  await audit(scope, {
    action: "settings.updated",
    target: { type: "tenant", id: tenantId },
    details: { ...Object.fromEntries(changed.map((k) => [k, next[k]])), ...(renamed ? { name, previousName: current.name } : {}) },
  });
  return { ...next, name };
}

export const listOutboxInput = z.object({
  cursor: z.iso.datetime({ error: "Cursor is invalid." }).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

/** The tenant's sent email, newest first, keyset-paginated by time. */
export async function listOutbox(scope: TenantScope, input: z.infer<typeof listOutboxInput>) {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .select({
      id: emailOutbox.id,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      transport: emailOutbox.transport,
      error: emailOutbox.error,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.tenantId, tenantId), input.cursor ? lt(emailOutbox.createdAt, new Date(input.cursor)) : undefined))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.createdAt.toISOString() : null };
}

/** The signed-in user's own account, for the account page and the header. */
export async function myAccount(userId: string) {
  return withUser(userId, async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        emailVerifiedAt: users.emailVerifiedAt,
        totpEnabledAt: users.totpEnabledAt,
        emailCodesEnabledAt: users.emailCodesEnabledAt,
        // A password to confirm with: their own, or the directory's for a member a directory signs in.
        hasPassword: sql<boolean>`(${users.passwordHash} is not null or exists (select 1 from vaultline_directory_logins(${users.id})))`,
      })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) return null;
    const [passkey] = await tx.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, userId)).limit(1);
    // TOTP or a passkey: what a workspace that requires two-factor accepts.
    return { ...user, hasPasskey: passkey !== undefined, twoFactorEnabled: user.totpEnabledAt !== null || passkey !== undefined };
  });
}
