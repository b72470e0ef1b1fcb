import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import { enterUser } from "@/db/client";
import { directoryAccounts, directoryConnections, directoryGroups, memberships, userGroupMembers, userGroups, users } from "@/db/schema";
import type { DirectorySyncSummary } from "@/lib/directory";
import { DirectoryError, readDirectory, type DirectoryGroup, type DirectoryServer, type DirectoryUser } from "@/server/auth/directory/ldap-directory";
import { revokeUserSessions } from "@/server/auth/sessions";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit, type AuditActor } from "../audit/record-audit-event";
import { directoryServerOf, findDirectoryConnection, type DirectoryConnection } from "./directory-settings";

type Membership = { id: string; userId: string; role: string; status: "active" | "deactivated" };
type Account = typeof directoryAccounts.$inferSelect;

type SyncResult = { summary: DirectorySyncSummary } | { error: string };
type Fetched = { users: DirectoryUser[]; groups: DirectoryGroup[] } | DirectoryError;

const NOT_SET_UP = { error: "Set up and save the directory connection first." };

/** Reads the directory (the slow part, which needs no transaction); a directory's refusal is returned, not thrown. */
async function fetchDirectory(server: DirectoryServer): Promise<Fetched> {
  try {
    return await readDirectory(server);
  } catch (error) {
    if (error instanceof DirectoryError) return error;
    throw error;
  }
}

/**
 * One sync of the workspace's directory ("Sync now", in the request's transaction): reads every entry the user filter
 * finds (and the groups), then applies them (see applySync). Returns what changed, or why nothing did.
 */
export async function syncDirectory(scope: TenantScope): Promise<SyncResult> {
  const connection = await findDirectoryConnection(scope);
  if (!connection?.bindPassword) return NOT_SET_UP;
  return applySync(scope, connection, await fetchDirectory(await directoryServerOf(scope, connection, connection)));
}

/**
 * The scheduled sync of a workspace: settings read in one transaction, the directory read with none open, the
 * result applied in a second one, unless the settings changed meanwhile (the next run picks them up).
 */
export async function syncDirectoryOf(tenantId: string, actor: AuditActor): Promise<SyncResult> {
  const prepared = await withTenantScope(tenantId, actor, async (scope) => {
    const connection = await findDirectoryConnection(scope);
    return connection?.bindPassword ? { version: connection.updatedAt.getTime(), server: await directoryServerOf(scope, connection, connection) } : null;
  });
  if (!prepared) return NOT_SET_UP;
  const fetched = await fetchDirectory(prepared.server);
  return withTenantScope(tenantId, actor, async (scope) => {
    const connection = await findDirectoryConnection(scope);
    if (connection?.updatedAt.getTime() !== prepared.version) return { error: "The directory settings changed during the sync; the next sync uses the new ones." };
    return applySync(scope, connection, fetched);
  });
}

/**
 * Applies what the directory holds, in the scope's transaction: creates people new to Vaultline as members (with the
 * default role and no local password: they sign in with the directory password), links existing members by email
 * (their own sign-in stays), updates names, deactivates members whose entry is disabled or gone (ending their
 * sessions) and reactivates those it deactivated once their entry is enabled again. Owners are never deactivated by a
 * sync. A directory that could not be read, or that finds nobody while members are linked (a mistyped filter must
 * not deactivate everyone), is recorded on the connection and audited, and changes nothing.
 */
async function applySync(scope: TenantScope, connection: DirectoryConnection, fetched: Fetched): Promise<SyncResult> {
  if (fetched instanceof DirectoryError) return failed(scope, connection, fetched.message);
  if (fetched.users.length === 0 && (await scope.db.$count(directoryAccounts, eq(directoryAccounts.tenantId, scope.tenantId))) > 0) {
    return failed(scope, connection, "The directory returned no users for the user filter; nothing was changed.");
  }
  const summary = await applyDirectory(scope, connection, fetched.users);
  summary.groups = await applyGroups(scope, fetched.groups);
  await finish(scope, connection, summary, null);
  await audit(scope, { action: "directory.synced", target: { type: "tenant", id: scope.tenantId }, details: summary });
  return { summary };
}

async function failed(scope: TenantScope, connection: DirectoryConnection, error: string): Promise<SyncResult> {
  await finish(scope, connection, null, error);
  await audit(scope, { action: "directory.sync_failed", target: { type: "tenant", id: scope.tenantId }, details: { error } });
  return { error };
}

async function finish(scope: TenantScope, connection: DirectoryConnection, summary: DirectorySyncSummary | null, error: string | null) {
  await scope.db
    .update(directoryConnections)
    .set({ lastSyncAt: new Date(), lastSyncError: error, ...(summary ? { lastSyncSummary: summary } : {}) })
    .where(and(eq(directoryConnections.tenantId, scope.tenantId), eq(directoryConnections.id, connection.id)));
}

async function applyDirectory(scope: TenantScope, connection: DirectoryConnection, entries: DirectoryUser[]): Promise<DirectorySyncSummary> {
  const { db, tenantId } = scope;
  const summary: DirectorySyncSummary = { found: entries.length, created: 0, updated: 0, deactivated: 0, reactivated: 0, skipped: 0, groups: 0 };
  const accounts = await db.select().from(directoryAccounts).where(eq(directoryAccounts.tenantId, tenantId));
  const byDn = new Map(accounts.map((a) => [a.dn, a]));
  const linkedUsers = new Set(accounts.map((a) => a.userId));
  const members = await db
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId));
  const memberOf = new Map<string, Membership>(members.map((m) => [m.userId, m]));
  const setStatus = async (account: Account, status: "active" | "deactivated", reason: string) => {
    const membership = memberOf.get(account.userId);
    if (!membership || membership.status === status || membership.role === "owner") return false;
    await db.update(memberships).set({ status }).where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membership.id)));
    await db.update(directoryAccounts).set({ deactivatedBySync: status === "deactivated" }).where(and(eq(directoryAccounts.tenantId, tenantId), eq(directoryAccounts.id, account.id)));
    if (status === "deactivated") {
      await enterUser(db, account.userId);
      await revokeUserSessions(db, account.userId, "deactivated by directory sync");
    }
    const action = status === "deactivated" ? "directory.member_deactivated" : "directory.member_reactivated";
    await audit(scope, { action, target: { type: "user", id: account.userId }, details: { dn: account.dn, reason } });
    return true;
  };

  const seen = new Set<string>();
  for (const entry of entries) {
    seen.add(entry.dn);
    const account = byDn.get(entry.dn);
    if (entry.disabled) {
      if (account && (await setStatus(account, "deactivated", "disabled"))) summary.deactivated++;
      else if (!account) summary.skipped++;
      continue;
    }
    if (!entry.email) {
      summary.skipped++;
      continue;
    }
    let userId = account?.userId;
    if (!userId) {
      const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, entry.email)).limit(1);
      // Linked to another entry already (two entries with one address: the first keeps it), or someone with a
      // Vaultline account who is not a member here: a directory does not add them without an invitation.
      if (existing && (linkedUsers.has(existing.id) || !memberOf.has(existing.id))) {
        summary.skipped++;
        continue;
      }
      // A person new to Vaultline gets no local password: they sign in with their directory password.
      userId = existing?.id ?? (await db.insert(users).values({ email: entry.email, name: (entry.name ?? entry.email).slice(0, 100), passwordHash: null, emailVerifiedAt: new Date() }).returning({ id: users.id }))[0]!.id;
      const [created] = await db.insert(directoryAccounts).values({ tenantId, dn: entry.dn, userId, signsInWithDirectory: !existing }).returning();
      linkedUsers.add(userId);
      byDn.set(entry.dn, created!);
    } else {
      await db.update(directoryAccounts).set({ lastSeenAt: new Date() }).where(and(eq(directoryAccounts.tenantId, tenantId), eq(directoryAccounts.id, account!.id)));
    }
    const linked = byDn.get(entry.dn)!;
    const membership = memberOf.get(userId);
    if (!membership) {
      const [created] = await db.insert(memberships).values({ tenantId, userId, role: connection.defaultRole }).returning({ id: memberships.id });
      memberOf.set(userId, { id: created!.id, userId, role: connection.defaultRole, status: "active" });
      await audit(scope, { action: "directory.member_created", target: { type: "membership", id: created!.id }, details: { dn: entry.dn, email: entry.email, role: connection.defaultRole } });
      summary.created++;
    } else if (membership.status === "deactivated" && linked.deactivatedBySync && (await setStatus(linked, "active", "enabled"))) {
      summary.reactivated++;
    }
    if (entry.name && (await renamed(scope, userId, entry.name.slice(0, 100)))) summary.updated++;
  }
  for (const account of accounts) {
    if (!seen.has(account.dn) && (await setStatus(account, "deactivated", "gone"))) summary.deactivated++;
  }
  return summary;
}

/** Takes the directory's name for the person; true when it changed. */
async function renamed(scope: TenantScope, userId: string, name: string): Promise<boolean> {
  const changed = await scope.db
    .update(users)
    .set({ name })
    .where(and(eq(users.id, userId), ne(users.name, name)))
    .returning({ id: users.id });
  return changed.length > 0;
}

/**
 * Each directory group becomes a user group of the same name (suffixed " (directory)" when a group of that name was
 * made by hand) whose members the sync sets: the imported members among the group's member DNs.
 */
async function applyGroups(scope: TenantScope, groups: DirectoryGroup[]): Promise<number> {
  const { db, tenantId } = scope;
  if (groups.length === 0) return 0;
  const accounts = await db.select({ dn: directoryAccounts.dn, membershipId: memberships.id }).from(directoryAccounts).innerJoin(memberships, and(eq(memberships.tenantId, directoryAccounts.tenantId), eq(memberships.userId, directoryAccounts.userId))).where(eq(directoryAccounts.tenantId, tenantId));
  const membershipOf = new Map(accounts.map((a) => [a.dn, a.membershipId]));
  const links = await db.select().from(directoryGroups).where(eq(directoryGroups.tenantId, tenantId));
  const groupOf = new Map(links.map((l) => [l.dn, l.groupId]));
  for (const group of groups) {
    let groupId = groupOf.get(group.dn);
    if (!groupId) {
      const [taken] = await db.select({ id: userGroups.id }).from(userGroups).where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.name, group.name))).limit(1);
      const name = (taken ? `${group.name} (directory)` : group.name).slice(0, 100);
      const [created] = await db.insert(userGroups).values({ tenantId, name, description: `Kept in step with ${group.dn}` }).returning({ id: userGroups.id });
      groupId = created!.id;
      await db.insert(directoryGroups).values({ tenantId, dn: group.dn, groupId });
      await audit(scope, { action: "directory.group_created", target: { type: "user_group", id: groupId }, details: { dn: group.dn, name } });
    }
    const wanted = new Set(group.memberDns.map((dn) => membershipOf.get(dn)).filter((id): id is string => Boolean(id)));
    const current = await db.select({ membershipId: userGroupMembers.membershipId }).from(userGroupMembers).where(and(eq(userGroupMembers.tenantId, tenantId), eq(userGroupMembers.groupId, groupId)));
    const have = new Set(current.map((c) => c.membershipId));
    const leaving = [...have].filter((id) => !wanted.has(id));
    const joining = [...wanted].filter((id) => !have.has(id));
    if (leaving.length) await db.delete(userGroupMembers).where(and(eq(userGroupMembers.tenantId, tenantId), eq(userGroupMembers.groupId, groupId), inArray(userGroupMembers.membershipId, leaving)));
    if (joining.length) await db.insert(userGroupMembers).values(joining.map((membershipId) => ({ tenantId, groupId: groupId!, membershipId })));
  }
  return groups.length;
}
