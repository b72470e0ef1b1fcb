/**
 * Effective permissions on credentials (issue #6): who may see, reveal, edit, delete and share a password, and why.
 *
 * Levels, lowest to highest: none < view < modify < full.
 *   view    reveal and copy secret fields, TOTP codes
 *   modify  view + edit any field (the secret included)
 *   full    modify + move to trash, share, set "copy only", set up rotation (target and schedule)
 * Seeing a credential's metadata (lists, get, search, history) is a separate flag, `visible`.
 *
 * Role baseline (before shares):
 *   owner, admin           full on everything, visible.
 *   technician             restriction OFF (tenant setting restrictTechniciansToShared, the default): modify on
 *                          everything, visible, and may move to trash (today's behaviour, kept: the one exception
 *                          in the rule table). Restriction ON: none and NOT visible — a restricted technician sees
 *                          only what a share covers (lists, get, search, reveal, history); anything else answers
 *                          NOT_FOUND, exactly like a password that does not exist.
 *   auditor, readonly      none, visible (metadata only, as today).
 * Shares: a grant applies to a member directly or through a user group they belong to, on one credential, on
 *   everything of a customer (present and future), or on a credential group (static: hand-picked; dynamic: every
 *   credential matching its criteria, evaluated by query, so new credentials join at once).
 *   effective level = max(role baseline, highest applying grant capped by role); any grant makes it visible.
 *   Caps: auditor and readonly are read-only roles, so a grant lifts them to view at most (never modify/full);
 *   technicians, admins and owners take the grant as is.
 * Restore, purge, trash listing and old-version reveal stay admin actions (router rungs). Rotation set-up (target,
 *   schedule) needs full on the credential, or on the customer for a customer's schedule.
 * Names follow passwords: a restricted technician sees a customer, contact or device only when it holds a password
 *   they can see or a customer share covers it (visibleHoldersCondition); anything else answers NOT_FOUND too.
 * Sharing: only a member with full on the shared thing (credential, customer or credential group) may share it
 *   or revoke a share of it, and never at a level above their own. Permission on a customer or a credential group
 *   is the role baseline plus the grants on that customer or group.
 * Approval (access control): a credential under an access policy (its own or a credential group's) keeps its
 *   secrets locked — reveal, copy, TOTP and edit are refused to everyone, admins included, outside the member's own
 *   checkout (an approved request whose window has not ended). A checkout never lifts the level: it unlocks what
 *   the member's permission already allows. The workflow is server/services/access.
 * Copy only ("share without revealing"): a credential marked copyOnly refuses purpose "reveal" of any field, and
 *   old-version and pending-password reveals, to everyone (admins included); copying and TOTP codes still work for
 *   members with view. It keeps the value off screens and makes each use an audited copy; it is no secret from the
 *   member, whose browser receives the plaintext for the clipboard (README, "Sharing").
 *   "Use only" shares, which would refuse copy too, belong with auto-fill and launch (a later issue): they would be a
 *   share level below view whose only action is that auto-fill, with copy and reveal kept at "view" in the table.
 */
import "server-only";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { credentialGroups, credentials, customers, memberships, shares, userGroups, users, type ShareLevel } from "@/db/schema";
import type { MemberRole } from "@/lib/validation";
import { AppError, notFound } from "@/server/errors";
import type { Member } from "@/server/scope";

export type PermissionLevel = "none" | ShareLevel;
const ORDER: Record<PermissionLevel, number> = { none: 0, view: 1, modify: 2, full: 3 };
export const levelAtLeast = (level: PermissionLevel, min: PermissionLevel) => ORDER[level] >= ORDER[min];
const maxLevel = (a: PermissionLevel, b: PermissionLevel) => (ORDER[a] >= ORDER[b] ? a : b);
const minLevel = (a: PermissionLevel, b: PermissionLevel) => (ORDER[a] <= ORDER[b] ? a : b);

/** The member acting (being renamed to `Member` as services move to `TenantScope`). */
export type Viewer = Member;

export const credentialActions = [
  "see",
  "reveal",
  "copy",
  "totp",
  "edit",
  "delete",
  "share",
  "setCopyOnly",
  "configureRotation",
  "requestAccess",
] as const;
export type CredentialAction = (typeof credentialActions)[number];

/**
 * THE rule table: what each action on a credential needs. `visible` = the metadata may be seen at all.
 * `unrestrictedTechnician`: also allowed to a technician when the tenant does not restrict technicians.
 * `checkout`: on a credential that needs approval, only during the member's own checkout.
 */
export const CREDENTIAL_RULES: Record<CredentialAction, { needs: "visible" | ShareLevel; unrestrictedTechnician?: true; checkout?: true }> = {
  see: { needs: "visible" },
  reveal: { needs: "view", checkout: true },
  copy: { needs: "view", checkout: true },
  totp: { needs: "view", checkout: true },
  edit: { needs: "modify", checkout: true },
  delete: { needs: "full", unrestrictedTechnician: true },
  share: { needs: "full" },
  setCopyOnly: { needs: "full" },
  // The target decides where Vaultline sends the password: on a controlled one, only during a checkout.
  configureRotation: { needs: "full", checkout: true },
  /** Asking for a checkout needs what the checkout would unlock: at least view. */
  requestAccess: { needs: "view" },
};

const GRANT_CAP: Record<MemberRole, PermissionLevel> = {
  owner: "full",
  admin: "full",
  technician: "full",
  auditor: "view",
  readonly: "view",
};

const ROLE_NAMES: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  technician: "Technician",
  auditor: "Auditor",
  readonly: "Read-only",
};

const isRestricted = (v: Viewer) => v.role === "technician" && v.restrictTechniciansToShared;

/** What the role alone gives, on any credential, customer or credential group. */
export function roleBaseline(v: Viewer): { level: PermissionLevel; visible: boolean; reason: string | null } {
  if (v.role === "owner" || v.role === "admin") return { level: "full", visible: true, reason: `${ROLE_NAMES[v.role]} role (full)` };
  if (v.role === "technician") {
    return isRestricted(v)
      ? { level: "none", visible: false, reason: null }
      : { level: "modify", visible: true, reason: "Technician role (modify): technicians see every customer" };
  }
  return { level: "none", visible: true, reason: `${ROLE_NAMES[v.role]} role (metadata only)` };
}

/** Whether the credential needs approval, and until when the viewer's own checkout of it lasts. */
export type CheckoutState = { required: boolean; checkedOutUntil: Date | null };
const UNCONTROLLED: CheckoutState = { required: false, checkedOutUntil: null };

export type EffectivePermission = {
  level: PermissionLevel;
  visible: boolean;
  checkout: CheckoutState;
  /** Why, for the Access panel: "Admin role (full)", "Shared with group NOC (view)"… */
  reasons: string[];
  /** What the rule table allows with this permission, for the UI to show or hide buttons. */
  can: Record<CredentialAction, boolean>;
};

function allows(v: Viewer, level: PermissionLevel, visible: boolean, checkout: CheckoutState, action: CredentialAction): boolean {
  const rule = CREDENTIAL_RULES[action];
  if (!visible) return false;
  if (rule.checkout && checkout.required && !checkout.checkedOutUntil) return false;
  if (rule.needs === "visible") return true;
  if (rule.unrestrictedTechnician && v.role === "technician" && !isRestricted(v)) return true;
  return levelAtLeast(level, rule.needs);
}

function combine(v: Viewer, grants: { level: ShareLevel; reason: string }[], checkout: CheckoutState = UNCONTROLLED): EffectivePermission {
  const base = roleBaseline(v);
  let level = base.level;
  let visible = base.visible;
  const reasons = base.reason ? [base.reason] : [];
  for (const g of grants) {
    const capped = minLevel(g.level, GRANT_CAP[v.role]);
    level = maxLevel(level, capped);
    visible = true;
    reasons.push(capped === g.level ? g.reason : `${g.reason}, limited to ${capped} for the ${ROLE_NAMES[v.role]} role`);
  }
  const can = Object.fromEntries(credentialActions.map((a) => [a, allows(v, level, visible, checkout, a)])) as Record<CredentialAction, boolean>;
  return { level, visible, checkout, reasons, can };
}

// --- SQL building blocks (one query, no N+1). They reference the unaliased "credentials" and "shares" tables. ---

/**
 * The outer "credentials" row's columns, always qualified. Drizzle leaves columns unqualified in the select list
 * of a one-table query, where a subquery over shares or access_requests would read "id" or "tenant_id" as its own.
 */
const outerCredential = {
  id: sql.raw(`"credentials"."id"`),
  tenantId: sql.raw(`"credentials"."tenant_id"`),
  customerId: sql.raw(`"credentials"."customer_id"`),
};

/** ILIKE pattern from a user pattern: substring, case-insensitive, `*` = anything; `!` is the escape character. */
const likeOf = (expr: string) => `'%' || replace(replace(replace(replace(${expr}, '!', '!!'), '%', '!%'), '_', '!_'), '*', '%') || '%'`;

/** True when the current "credentials" row matches the dynamic criteria (jsonb) in `cr`. */
function criteriaMatchSql(cr: string): string {
  return `(
    (${cr}->'customerIds' is null or ${cr}->'customerIds' @> jsonb_build_array("credentials"."customer_id"::text))
    and (${cr}->'targetKinds' is null or ${cr}->'targetKinds' @> jsonb_build_array(
      case when "credentials"."contact_id" is not null then 'contact'::text when "credentials"."device_id" is not null then 'device'::text else 'customer'::text end))
    and (${cr}->'deviceTypes' is null or exists (select 1 from devices cg_d
      where cg_d.tenant_id = "credentials"."tenant_id" and cg_d.id = "credentials"."device_id" and ${cr}->'deviceTypes' @> jsonb_build_array(cg_d.type::text)))
    and (${cr}->'tags' is null or exists (select 1 from jsonb_array_elements_text(${cr}->'tags') as cg_t(v)
      join unnest("credentials"."tags") as cg_x(v) on lower(cg_x.v) = lower(cg_t.v)))
    and (${cr}->>'namePattern' is null or "credentials"."name" ilike ${likeOf(`(${cr}->>'namePattern')`)} escape '!')
    and (${cr}->>'usernamePattern' is null or "credentials"."username" ilike ${likeOf(`(${cr}->>'usernamePattern')`)} escape '!')
    and (${cr}->>'domainPattern' is null or "credentials"."domain" ilike ${likeOf(`(${cr}->>'domainPattern')`)} escape '!')
  )`;
}

/** SQL: the current "credentials" row matches these criteria (lists a dynamic group's members, previews criteria). */
export const criteriaCondition = (criteria: object): SQL =>
  sql`exists (select 1 from (select ${JSON.stringify(criteria)}::jsonb as criteria) cg_c where ${sql.raw(criteriaMatchSql("cg_c.criteria"))})`;

/** SQL: the current "credentials" row matches the criteria of the current "credential_groups" row (a dynamic group). */
export const matchesGroupCriteria: SQL = sql.raw(criteriaMatchSql(`"credential_groups"."criteria"`));

/** SQL: ids of the credential groups (static or dynamic) the current "credentials" row belongs to. */
export const groupsOfCredential = sql.raw(`select cg.id from credential_groups cg
  where cg.tenant_id = "credentials"."tenant_id" and (
    (cg.kind = 'static' and exists (select 1 from credential_group_members cgm
      where cgm.tenant_id = cg.tenant_id and cgm.group_id = cg.id and cgm.credential_id = "credentials"."id"))
    or (cg.kind = 'dynamic' and ${criteriaMatchSql("cg.criteria")}))`);

/** SQL: the current "shares" row covers the current "credentials" row (directly, by customer, or by credential group). */
const shareCoversCredential = sql`(${shares.credentialId} = ${outerCredential.id}
  or ${shares.customerId} = ${outerCredential.customerId}
  or ${shares.credentialGroupId} in (${groupsOfCredential}))`;

/** SQL: the current "shares" row is granted to this membership, directly or through one of its user groups. */
const shareGrantedTo = (membershipId: string) => sql`(${shares.membershipId} = ${membershipId}
  or ${shares.userGroupId} in (select ugm.group_id from user_group_members ugm
    where ugm.tenant_id = ${shares.tenantId} and ugm.membership_id = ${membershipId}))`;

/**
 * The condition lists, get and search add so a member sees only the credentials they may see: nothing extra for
 * everyone but restricted technicians, who see a credential only when a share covers it.
 */
export function visibleCredentialsCondition(viewer: Viewer): SQL | undefined {
  if (roleBaseline(viewer).visible) return undefined;
  const grantee = viewer.membershipId;
  // What shareCoversCredential says, arm by arm, so that a list of many rows does not run a subquery over the shares
  // for each: the credentials and customers shared with the member are gathered once per statement (a membership's
  // shares are all of its tenant), each row is then looked up in those lists, and only group shares are matched
  // row by row (through their own index: none, for most members).
  const sharedIds = (column: typeof shares.credentialId | typeof shares.customerId) =>
    sql`array(select ${column} from shares where ${column} is not null and ${shareGrantedTo(grantee)})`;
  return sql`(${outerCredential.id} = any(${sharedIds(shares.credentialId)})
    or ${outerCredential.customerId} = any(${sharedIds(shares.customerId)})
    or exists (select 1 from shares where ${shares.tenantId} = ${outerCredential.tenantId} and ${shares.credentialGroupId} is not null
      and ${shareGrantedTo(grantee)} and ${shares.credentialGroupId} in (${groupsOfCredential})))`;
}

/** Which credentials column files a credential under a customer, a contact or a device. */
const HOLDER_COLUMN = { customer: credentials.customerId, contact: credentials.contactId, device: credentials.deviceId } as const;

/**
 * The condition lists, gets and counts of customers, contacts and devices add, so names follow passwords: nothing
 * extra for everyone but restricted technicians, who see one only when it holds a (live) password they can see, or
 * when it is (or belongs to) a customer shared with them as a whole. `row` names the filtered table's columns (for
 * a customer, its own id is its customer id).
 */
export function visibleHoldersCondition(
  viewer: Viewer,
  kind: keyof typeof HOLDER_COLUMN,
  row: { tenantId: AnyPgColumn; id: AnyPgColumn; customerId: AnyPgColumn },
): SQL | undefined {
  const credentialVisible = visibleCredentialsCondition(viewer);
  if (!credentialVisible) return undefined;
  return sql`(exists (select 1 from shares where ${shares.tenantId} = ${row.tenantId}
      and ${shares.customerId} = ${row.customerId} and ${shareGrantedTo(viewer.membershipId)})
    or exists (select 1 from credentials where ${credentials.tenantId} = ${row.tenantId}
      and ${HOLDER_COLUMN[kind]} = ${row.id} and ${credentials.deletedAt} is null and ${credentialVisible}))`;
}

const granteeUser = alias(users, "grantee_user");
const sharer = alias(users, "sharer_user");

/** Shares matching `where`, newest first, with the names the Access panel and share lists show. */
export async function shareRows(tx: Tx, tenantId: string, where: SQL | undefined) {
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
export function grantsOnCredential(tx: Tx, tenantId: string, credentialId: string, membershipId?: string) {
  const covers = sql`exists (select 1 from credentials where ${credentials.tenantId} = ${shares.tenantId}
    and ${credentials.id} = ${credentialId} and ${shareCoversCredential})`;
  return shareRows(tx, tenantId, and(covers, membershipId ? shareGrantedTo(membershipId) : undefined));
}


/** "Shared with group NOC (view)", "Shared via customer Contoso (modify)"… seen from the grantee. */
function reasonOf(g: ShareRow, forViewer: boolean): string {
  const to = g.grantee.type === "group" ? `group ${g.grantee.name}` : forViewer ? "you" : g.grantee.name;
  if (g.via.type === "credential") return `Shared with ${to} (${g.level})`;
  const via = g.via.type === "customer" ? `customer ${g.via.name}` : `credential group ${g.via.name}`;
  return `Shared via ${via}${g.grantee.type === "group" ? ` with group ${g.grantee.name}` : ""} (${g.level})`;
}

/**
 * The member's effective permission on one credential (the highest of role and grants, see the top of this file),
 * with the reasons. Does not check that the credential exists.
 */
export async function effectivePermission(tx: Tx, tenantId: string, viewer: Viewer, credentialId: string): Promise<EffectivePermission> {
  const [state] = await credentialStates(tx, tenantId, viewer, [credentialId]);
  const checkout = state?.checkout ?? UNCONTROLLED;
  // Owners and admins hold full everywhere: no grant can change that, so no query for the reasons.
  if (roleBaseline(viewer).level === "full") return combine(viewer, [], checkout);
  const grants = await grantsOnCredential(tx, tenantId, credentialId, viewer.membershipId);
  return combine(viewer, grants.map((g) => ({ level: g.level, reason: reasonOf(g, true) })), checkout);
}

/** SQL: an access policy covers the current "credentials" row (its own, or one of its credential groups'). */
export const accessPolicyCoversCredential = sql`exists (select 1 from access_policies ap
  where ap.tenant_id = ${outerCredential.tenantId} and (ap.credential_id = ${outerCredential.id} or ap.credential_group_id in (${groupsOfCredential})))`;

/**
 * For many credentials in one query: the viewer's highest grant, whether approval is needed, and the end of the
 * viewer's own checkout. Lists use it to give every row its own permission.
 */
async function credentialStates(tx: Tx, tenantId: string, viewer: Viewer, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({
      id: credentials.id,
      grant: roleBaseline(viewer).level === "full"
        ? sql<ShareLevel | null>`null`
        : sql<ShareLevel | null>`(select max(${shares.level}) from shares where ${shares.tenantId} = ${outerCredential.tenantId}
            and ${shareGrantedTo(viewer.membershipId)} and ${shareCoversCredential})`,
      required: sql<boolean>`${accessPolicyCoversCredential}`,
      checkedOutUntil: sql<string | null>`(select ar.window_ends_at from access_requests ar
        where ar.tenant_id = ${outerCredential.tenantId} and ar.credential_id = ${outerCredential.id}
          and ar.requester_membership_id = ${viewer.membershipId} and ar.status = 'checked_out' and ar.window_ends_at > now())`,
    })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), inArray(credentials.id, ids)));
  return rows.map((r) => ({
    id: r.id,
    grant: r.grant,
    checkout: { required: r.required, checkedOutUntil: r.checkedOutUntil ? new Date(r.checkedOutUntil) : null },
  }));
}

/** Each credential's permission for the viewer (list rows), in one query. Reasons are summarised, not named. */
export async function permissionsOf(tx: Tx, tenantId: string, viewer: Viewer, ids: string[]): Promise<Map<string, EffectivePermission>> {
  const states = await credentialStates(tx, tenantId, viewer, ids);
  return new Map(states.map((s) => [s.id, combine(viewer, s.grant ? [{ level: s.grant, reason: `Shared (${s.grant})` }] : [], s.checkout)]));
}

/**
 * Throws unless the rule table lets the viewer do `action` on the credential: NOT_FOUND when they may not even see
 * it (existence never leaks), FORBIDDEN with the reason otherwise. Returns the permission.
 */
export async function requireCredentialAction(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  credentialId: string,
  action: CredentialAction,
): Promise<EffectivePermission> {
  const permission = await effectivePermission(tx, tenantId, viewer, credentialId);
  if (!permission.visible) throw notFound("Password");
  if (!permission.can[action]) {
    const locked = CREDENTIAL_RULES[action].checkout && permission.checkout.required && allows(viewer, permission.level, true, UNCONTROLLED, action);
    throw new AppError("FORBIDDEN", locked ? CHECKOUT_NEEDED : forbiddenMessage(action, permission.level));
  }
  return permission;
}

const CHECKOUT_NEEDED = "This password needs approval: request access, and use it while your checkout lasts.";

const ACTION_TEXT: Record<CredentialAction, string> = {
  see: "see this password",
  reveal: "reveal this password",
  copy: "copy this password",
  totp: "see this password's TOTP code",
  edit: "edit this password",
  delete: "delete this password",
  share: "share this password",
  setCopyOnly: "change whether this password can be revealed",
  configureRotation: "change this password's rotation",
  requestAccess: "request access to this password",
};

function forbiddenMessage(action: CredentialAction, level: PermissionLevel) {
  const needs = CREDENTIAL_RULES[action].needs;
  const have = level === "none" ? "no access to its secrets" : `${level} access`;
  return `You need ${needs} access to ${ACTION_TEXT[action]}; you have ${have}.`;
}

/** The member's permission on a customer (everything of it) or a credential group: role baseline + grants on it. */
export async function subjectPermission(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  subject: { customerId: string } | { credentialGroupId: string },
): Promise<EffectivePermission> {
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
