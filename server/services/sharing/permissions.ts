/**
 * The permission rules of lib/permissions.ts applied to rows: which grants, approval, checkouts and copy-only flags
 * apply to a member on each credential, gathered in SQL (one query for a list, no N+1), and the checks services call.
 * Every fragment names its columns through Drizzle's schema objects, so a renamed column breaks the build, not a query.
 *
 * Drizzle trap: in the select list of a one-table query Drizzle drops the table name of every column written directly
 * in a selected expression, so a correlated subquery there would read the outer row's "id" as its own table's, and
 * aliasing the outer table does not change that. Columns inside a nested fragment keep their table: expressions for
 * a select list are built as fragments and selected through `selected` (credentialStates), never written inline.
 */
import "server-only";
import { and, desc, eq, inArray, sql, type Placeholder, type SQL } from "drizzle-orm";
import { reusableStatement } from "@/db/reusable-statement";
import { alias, type AnyPgColumn, type PgTable } from "drizzle-orm/pg-core";
import {
  accessPolicies,
  accessRequests,
  credentialGroupMembers,
  credentialGroups,
  credentials,
  customers,
  devices,
  memberships,
  shares,
  userGroupMembers,
  userGroups,
  users,
  type CredentialGroupCriteria,
} from "@/db/schema";
import {
  combine,
  grantReason,
  OUTSIDE_LIMITS,
  refusalMessage,
  refusalOf,
  roleBaseline,
  UNFLAGGED,
  type CredentialAction,
  type CredentialFlags,
  type EffectivePermission,
  type ShareLevel,
} from "@/lib/permissions";
import { AppError, ApprovalRequired, notFound } from "@/server/errors";
import type { Member, MemberScope, TenantScope } from "@/server/scope";

/** A membership's id in a fragment: a value, or the placeholder of a reusable statement (db/reusable-statement.ts). */
type MembershipId = string | Placeholder;

/** An expression for a select list, nested one level so its columns keep their table names (see the top). */
const selected = <T>(fragment: SQL) => sql<T>`${fragment}`;

/**
 * A subquery's own table under another name, apart from the outer query's tables: its columns, and its `from` item
 * ("access_policies" "ap"; inside a fragment Drizzle renders an aliased table by its alias only).
 */
function aliased<T extends PgTable>(table: T, name: string) {
  return [alias(table, name), sql`${table} ${sql.identifier(name)}`] as const;
}
const [cg, fromCg] = aliased(credentialGroups, "cg");
const [cgm, fromCgm] = aliased(credentialGroupMembers, "cgm");
const [cgDevice, fromCgDevice] = aliased(devices, "cg_d");
const [ugm, fromUgm] = aliased(userGroupMembers, "ugm");
const [ap, fromAp] = aliased(accessPolicies, "ap");
const [ar, fromAr] = aliased(accessRequests, "ar");

/** One criterion of a dynamic group's criteria (jsonb): `->` gives jsonb, `->>` text. */
const criterion = (criteria: SQL | AnyPgColumn, key: keyof CredentialGroupCriteria) => sql`(${criteria} -> ${key}::text)`;
const criterionText = (criteria: SQL | AnyPgColumn, key: keyof CredentialGroupCriteria) => sql`(${criteria} ->> ${key}::text)`;

/** ILIKE pattern from a user pattern: substring, case-insensitive, `*` = anything; `!` is the escape character. */
const likeOf = (pattern: SQL) => sql`'%' || replace(replace(replace(replace(${pattern}, '!', '!!'), '%', '!%'), '_', '!_'), '*', '%') || '%'`;

/** Where the current "credentials" row is filed, as the targetKinds criterion names it. */
const targetKind = sql`(case when ${credentials.contactId} is not null then 'contact' when ${credentials.deviceId} is not null then 'device' else 'customer' end)`;

/** SQL: the current "credentials" row matches the dynamic criteria (jsonb) in `criteria`. */
function criteriaMatch(criteria: SQL | AnyPgColumn): SQL {
  const absent = (key: keyof CredentialGroupCriteria) => sql`${criterion(criteria, key)} is null`;
  const pattern = (key: keyof CredentialGroupCriteria, column: AnyPgColumn) =>
    sql`(${criterionText(criteria, key)} is null or ${column} ilike ${likeOf(criterionText(criteria, key))} escape '!')`;
  return sql`(
    (${absent("customerIds")} or ${criterion(criteria, "customerIds")} @> jsonb_build_array(${credentials.customerId}::text))
    and (${absent("targetKinds")} or ${criterion(criteria, "targetKinds")} @> jsonb_build_array(${targetKind}::text))
    and (${absent("deviceTypes")} or exists (select 1 from ${fromCgDevice} where ${cgDevice.tenantId} = ${credentials.tenantId}
      and ${cgDevice.id} = ${credentials.deviceId} and ${criterion(criteria, "deviceTypes")} @> jsonb_build_array(${cgDevice.type}::text)))
    and (${absent("tags")} or exists (select 1 from jsonb_array_elements_text(${criterion(criteria, "tags")}) as cg_t(v)
      join unnest(${credentials.tags}) as cg_x(v) on lower(cg_x.v) = lower(cg_t.v)))
    and ${pattern("namePattern", credentials.name)}
    and ${pattern("usernamePattern", credentials.username)}
    and ${pattern("domainPattern", credentials.domain)}
  )`;
}

/** SQL: the current "credentials" row matches these criteria (lists a dynamic group's members, previews criteria). */
export const criteriaCondition = (criteria: CredentialGroupCriteria): SQL =>
  sql`exists (select 1 from (select ${JSON.stringify(criteria)}::jsonb as criteria) cg_c where ${criteriaMatch(sql`cg_c.criteria`)})`;

/** SQL: the current "credentials" row matches the criteria of the current "credential_groups" row (a dynamic group). */
export const matchesGroupCriteria: SQL = criteriaMatch(credentialGroups.criteria);

/** SQL: the current "credentials" row belongs to the "cg" group row (a static group's member, or a dynamic group's match). */
const inGroupCg = sql`((${cg.kind} = 'static' and exists (select 1 from ${fromCgm}
      where ${cgm.tenantId} = ${cg.tenantId} and ${cgm.groupId} = ${cg.id} and ${cgm.credentialId} = ${credentials.id}))
    or (${cg.kind} = 'dynamic' and ${criteriaMatch(cg.criteria)}))`;

/** SQL: ids of the credential groups (static or dynamic) the current "credentials" row belongs to. */
export const groupsOfCredential: SQL = sql`select ${cg.id} from ${fromCg} where ${cg.tenantId} = ${credentials.tenantId} and ${inGroupCg}`;

/**
 * SQL: the current "credentials" row lies inside the viewer's limits (an API key's customers and credential groups);
 * undefined when the viewer has none. A group id that no longer exists matches nothing.
 */
function withinLimits(viewer: Member): SQL | undefined {
  const limits = viewer.limits;
  if (!limits) return undefined;
  const { customerIds, credentialGroupIds } = limits;
  return and(
    customerIds ? inArray(credentials.customerId, [...customerIds]) : undefined,
    credentialGroupIds
      ? sql`exists (select 1 from ${fromCg} where ${cg.tenantId} = ${credentials.tenantId} and ${inArray(cg.id, [...credentialGroupIds])} and ${inGroupCg})`
      : undefined,
  );
}

/** SQL: the current "shares" row covers the current "credentials" row (directly, by customer, or by credential group). */
const shareCoversCredential = sql`(${shares.credentialId} = ${credentials.id}
  or ${shares.customerId} = ${credentials.customerId}
  or ${shares.credentialGroupId} in (${groupsOfCredential}))`;

/** SQL: the current "shares" row is granted to this membership, directly or through one of its user groups. */
const shareGrantedTo = (membershipId: MembershipId) => sql`(${shares.membershipId} = ${membershipId}
  or ${shares.userGroupId} in (select ${ugm.groupId} from ${fromUgm} where ${ugm.tenantId} = ${shares.tenantId} and ${ugm.membershipId} = ${membershipId}))`;

/** SQL: the ids this membership's shares name in `column`, gathered once per statement (a membership's shares are all of its tenant). */
const idsSharedWith = (membershipId: string, column: typeof shares.credentialId | typeof shares.customerId) =>
  sql`array(select ${column} from ${shares} where ${column} is not null and ${shareGrantedTo(membershipId)})`;

/**
 * SQL: a share granted to this membership covers the current "credentials" row. What shareCoversCredential says, arm
 * by arm, so that a list of many rows does not run a subquery over the shares for each: each row is looked up in the
 * lists of credentials and customers shared with the member, and only group shares are matched row by row (through
 * their own index: none, for most members).
 */
const sharedWith = (membershipId: string) =>
  sql`(${credentials.id} = any(${idsSharedWith(membershipId, shares.credentialId)})
    or ${credentials.customerId} = any(${idsSharedWith(membershipId, shares.customerId)})
    or exists (select 1 from ${shares} where ${shares.tenantId} = ${credentials.tenantId} and ${shares.credentialGroupId} is not null
      and ${shareGrantedTo(membershipId)} and ${shares.credentialGroupId} in (${groupsOfCredential})))`;

/**
 * The condition lists, get and search add so a member sees only the credentials they may see: nothing extra for
 * everyone but restricted technicians, who see a credential only when a share covers it, and members acting through
 * a limited API key, who see only what lies inside its limits.
 */
export function visibleCredentialsCondition(viewer: Member): SQL | undefined {
  return and(roleBaseline(viewer).visible ? undefined : sharedWith(viewer.membershipId), withinLimits(viewer));
}

/** Which credentials column files a credential under a customer, a contact or a device. */
const HOLDER_COLUMN = { customer: credentials.customerId, contact: credentials.contactId, device: credentials.deviceId } as const;

/**
 * The condition lists, gets and counts of customers, contacts and devices add, so names follow passwords: nothing
 * extra for everyone but restricted technicians, who see one only when it holds a (live) password they can see, or
 * when it is (or belongs to) a customer shared with them as a whole. An API key's limits narrow that further: a key
 * limited to customers sees those customers (and their contacts and devices) whole; a key limited to credential
 * groups sees a customer, contact or device only when it holds a live password inside the groups. `row` names the
 * filtered table's columns (for a customer, its own id is its customer id).
 */
export function visibleHoldersCondition(
  viewer: Member,
  kind: keyof typeof HOLDER_COLUMN,
  row: { tenantId: AnyPgColumn; id: AnyPgColumn; customerId: AnyPgColumn },
): SQL | undefined {
  const holdsVisible = () => sql`exists (select 1 from ${credentials} where ${credentials.tenantId} = ${row.tenantId}
      and ${HOLDER_COLUMN[kind]} = ${row.id} and ${credentials.deletedAt} is null and ${visibleCredentialsCondition(viewer)})`;
  const { customerIds, credentialGroupIds } = viewer.limits ?? { customerIds: null, credentialGroupIds: null };
  const byRole = roleBaseline(viewer).visible
    ? undefined
    : sql`(exists (select 1 from ${shares} where ${shares.tenantId} = ${row.tenantId}
      and ${shares.customerId} = ${row.customerId} and ${shareGrantedTo(viewer.membershipId)}) or ${holdsVisible()})`;
  return and(byRole, customerIds ? inArray(row.customerId, [...customerIds]) : undefined, credentialGroupIds ? holdsVisible() : undefined);
}

const granteeUser = alias(users, "grantee_user");
const sharer = alias(users, "sharer_user");

/** Shares matching `where`, newest first, with the names the Access panel and share lists show. */
export async function shareRows(scope: TenantScope, where: SQL | undefined) {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .select({
      shareId: shares.id,
      level: shares.level,
      createdAt: shares.createdAt,
      createdByName: sharer.name,
      viaCredentialId: shares.credentialId,
      viaCustomerId: shares.customerId,
      viaCustomerName: customers.name,
      viaCredentialGroupId: shares.credentialGroupId,
      viaCredentialGroupName: credentialGroups.name,
      membershipId: shares.membershipId,
      memberName: granteeUser.name,
      memberEmail: granteeUser.email,
      userGroupId: shares.userGroupId,
      userGroupName: userGroups.name,
    })
    .from(shares)
    .leftJoin(customers, and(eq(customers.tenantId, shares.tenantId), eq(customers.id, shares.customerId)))
    .leftJoin(credentialGroups, and(eq(credentialGroups.tenantId, shares.tenantId), eq(credentialGroups.id, shares.credentialGroupId)))
    .leftJoin(memberships, and(eq(memberships.tenantId, shares.tenantId), eq(memberships.id, shares.membershipId)))
    .leftJoin(granteeUser, eq(granteeUser.id, memberships.userId))
    .leftJoin(userGroups, and(eq(userGroups.tenantId, shares.tenantId), eq(userGroups.id, shares.userGroupId)))
    .leftJoin(sharer, eq(sharer.id, shares.createdBy))
    .where(and(eq(shares.tenantId, tenantId), where))
    .orderBy(desc(shares.createdAt), desc(shares.id));
  return rows.map((r) => ({
    shareId: r.shareId,
    level: r.level,
    createdAt: r.createdAt,
    createdByName: r.createdByName,
    via: r.viaCredentialId
      ? { type: "credential" as const, id: r.viaCredentialId, name: null }
      : r.viaCustomerId
        ? { type: "customer" as const, id: r.viaCustomerId, name: r.viaCustomerName }
        : { type: "credential_group" as const, id: r.viaCredentialGroupId!, name: r.viaCredentialGroupName },
    grantee: r.membershipId
      ? { type: "member" as const, id: r.membershipId, name: r.memberName ?? r.memberEmail ?? "", email: r.memberEmail }
      : { type: "group" as const, id: r.userGroupId!, name: r.userGroupName ?? "", email: null },
  }));
}
export type ShareRow = Awaited<ReturnType<typeof shareRows>>[number];

/** The grants that apply to one credential (to everyone, or to one membership): direct, by customer, by group. */
export function grantsOnCredential(scope: TenantScope, credentialId: string, membershipId?: string) {
  const covers = sql`exists (select 1 from ${credentials} where ${credentials.tenantId} = ${shares.tenantId}
    and ${credentials.id} = ${credentialId} and ${shareCoversCredential})`;
  return shareRows(scope, and(covers, membershipId ? shareGrantedTo(membershipId) : undefined));
}

/**
 * A member's effective permission on one credential (the highest of role and grants, see lib/permissions.ts), with
 * the reasons. Does not check that the credential exists. `viewer` need not be the scope's member (approvers).
 */
export async function effectivePermission(scope: TenantScope, viewer: Member, credentialId: string): Promise<EffectivePermission> {
  const fullEverywhere = roleBaseline(viewer).level === "full";
  const values = { tenantId: scope.tenantId, credentialId, membershipId: viewer.membershipId };
  // A limited key's statement names its own customers and groups, so it is written per request, not reused: still one.
  const [state]: CredentialState[] = viewer.limits
    ? await credentialStates(scope, viewer, [credentialId])
    : await (fullEverywhere ? stateOfCredentialForFull : stateOfCredential)(scope.db, values);
  if (viewer.limits && (!state || state.outsideLimits)) return OUTSIDE_LIMITS;
  const flags = state ? flagsOf(state) : UNFLAGGED;
  // Owners and admins hold full everywhere: no grant can change that, so no query for the reasons.
  if (fullEverywhere) return combine(viewer, [], flags);
  const grants = await grantsOnCredential(scope, credentialId, viewer.membershipId);
  return combine(viewer, grants.map((g) => ({ level: g.level, reason: grantReason(g, true) })), flags);
}

/** SQL: an access policy covers the current "credentials" row (its own, or one of its credential groups'). */
export const accessPolicyCoversCredential = sql`exists (select 1 from ${fromAp} where ${ap.tenantId} = ${credentials.tenantId}
  and (${ap.credentialId} = ${credentials.id} or ${ap.credentialGroupId} in (${groupsOfCredential})))`;

/** SQL: the highest level a share granted to this membership gives on the current "credentials" row. */
const highestGrant = (membershipId: MembershipId) =>
  sql`(select max(${shares.level}) from ${shares} where ${shares.tenantId} = ${credentials.tenantId}
    and ${shareGrantedTo(membershipId)} and ${shareCoversCredential})`;

/** SQL: when this membership's running checkout of the current "credentials" row ends (null without one). */
const checkoutEnd = (membershipId: MembershipId) =>
  sql`(select ${ar.windowEndsAt} from ${fromAr} where ${ar.tenantId} = ${credentials.tenantId} and ${ar.credentialId} = ${credentials.id}
    and ${ar.requesterMembershipId} = ${membershipId} and ${ar.status} = 'checked_out' and ${ar.windowEndsAt} > now())`;

/**
 * The viewer's state on the current "credentials" row, as columns to select with it: their highest grant, whether
 * approval is needed, the end of their own checkout and copy-only. Lists select them with their rows (no N+1).
 */
export function credentialStateColumns(viewer: Member) {
  const within = withinLimits(viewer);
  return {
    ...stateColumns(roleBaseline(viewer).level === "full", viewer.membershipId),
    ...(within ? { outsideLimits: selected<boolean>(sql`not ${within}`) } : {}),
  };
}

/** credentialStateColumns for a member who holds full everywhere (no grant to look up) or not, by membership id. */
function stateColumns(fullEverywhere: boolean, membershipId: MembershipId) {
  return {
    copyOnly: credentials.copyOnly,
    grant: fullEverywhere ? sql<ShareLevel | null>`null` : selected<ShareLevel | null>(highestGrant(membershipId)),
    required: selected<boolean>(accessPolicyCoversCredential),
    checkedOutUntil: selected<string | null>(checkoutEnd(membershipId)),
  };
}
type CredentialState = { copyOnly: boolean; grant: ShareLevel | null; required: boolean; checkedOutUntil: string | null; outsideLimits?: boolean };

const flagsOf = (state: CredentialState): CredentialFlags => ({
  checkout: { required: state.required, checkedOutUntil: state.checkedOutUntil ? new Date(state.checkedOutUntil) : null },
  copyOnly: state.copyOnly,
});

/** The viewer's permission on a row from its credentialStateColumns. Reasons are summarised, not named. */
export function permissionFromState(viewer: Member, state: CredentialState): EffectivePermission {
  if (state.outsideLimits) return OUTSIDE_LIMITS;
  return combine(viewer, state.grant ? [{ level: state.grant, reason: `Shared (${state.grant})` }] : [], flagsOf(state));
}

/** For many credentials in one query: the viewer's state on each (credentialStateColumns). */
async function credentialStates(scope: TenantScope, viewer: Member, ids: string[]) {
  if (ids.length === 0) return [];
  return scope.db
    .select({ id: credentials.id, ...credentialStateColumns(viewer) })
    .from(credentials)
    .where(and(eq(credentials.tenantId, scope.tenantId), inArray(credentials.id, ids)));
}

/** The viewer's state on one credential (effectivePermission's statement, its SQL text written once: it is long). */
const stateOfOneCredential = (name: string, fullEverywhere: boolean) =>
  reusableStatement(name, (tx) =>
    tx
      .select(stateColumns(fullEverywhere, sql.placeholder("membershipId")))
      .from(credentials)
      .where(and(eq(credentials.tenantId, sql.placeholder("tenantId")), eq(credentials.id, sql.placeholder("credentialId")))),
  );
const stateOfCredential = stateOfOneCredential("credential_state", false);
const stateOfCredentialForFull = stateOfOneCredential("credential_state_full", true);

/** Each credential's permission for the viewer (list rows), in one query. Reasons are summarised, not named. */
export async function permissionsOf(scope: MemberScope, ids: string[]): Promise<Map<string, EffectivePermission>> {
  const viewer = scope.member;
  const states = await credentialStates(scope, viewer, ids);
  return new Map(states.map((s) => [s.id, permissionFromState(viewer, s)]));
}

/**
 * Throws unless the rule table lets `viewer` do `action` with this permission: NOT_FOUND when they may not even see
 * the credential (existence never leaks), FORBIDDEN with the reason otherwise.
 */
export function assertAllowed(viewer: Member, permission: EffectivePermission, action: CredentialAction): void {
  const refusal = refusalOf(viewer, permission, action);
  if (refusal === "hidden") throw notFound("Password");
  if (refusal === "checkout") throw new ApprovalRequired(refusalMessage(action, refusal, permission.level));
  if (refusal) throw new AppError("FORBIDDEN", refusalMessage(action, refusal, permission.level));
}

/** `assertAllowed` on the member's permission on one credential, which it returns. */
export async function requireCredentialAction(scope: MemberScope, credentialId: string, action: CredentialAction): Promise<EffectivePermission> {
  const viewer = scope.member;
  const permission = await effectivePermission(scope, viewer, credentialId);
  assertAllowed(viewer, permission, action);
  return permission;
}

/**
 * Refuses a write that leaves a credential outside the limits of the API key it is made with (filed under another
 * customer, or in none of its credential groups), so a key never writes what it could not then see. The caller's
 * transaction rolls the write back. Members without limits: nothing to check, no statement.
 */
export async function assertWithinLimits(scope: MemberScope, credentialId: string): Promise<void> {
  if (!scope.member.limits) return;
  const [state] = await credentialStates(scope, scope.member, [credentialId]);
  if (!state || state.outsideLimits) {
    throw new AppError("FORBIDDEN", "This API key is limited to some customers or credential groups, and the password would fall outside them.", "target");
  }
}

/** The member's permission on a customer (everything of it) or a credential group: role baseline + grants on it. */
export async function subjectPermission(
  scope: MemberScope,
  subject: { customerId: string } | { credentialGroupId: string },
): Promise<EffectivePermission> {
  const { db: tx, tenantId, member: viewer } = scope;
  const base = roleBaseline(viewer);
  if (base.level === "full") return combine(viewer, []);
  const rows = await tx
    .select({ level: shares.level })
    .from(shares)
    .where(
      and(
        eq(shares.tenantId, tenantId),
        "customerId" in subject ? eq(shares.customerId, subject.customerId) : eq(shares.credentialGroupId, subject.credentialGroupId),
        shareGrantedTo(viewer.membershipId),
      ),
    );
  return combine(viewer, rows.map((r) => ({ level: r.level, reason: `Shared (${r.level})` })));
}
