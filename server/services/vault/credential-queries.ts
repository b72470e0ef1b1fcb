import "server-only";
import { aliasedTable, and, count, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { reusableStatement } from "@/db/reusable-statement";
import type { z } from "zod";
import { contacts, credentials, credentialVersions, customers, devices, users } from "@/db/schema";
import { badInput, notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { credentialStateColumns, permissionFromState, requireCredentialAction } from "../sharing/permissions";
import type { CredentialListOrder } from "@/lib/credential-list";
import { comesBefore, listOrder } from "./credential-filters";
import { matchingCredentials, type ListInput } from "./credential-search";
import type { AfterRow } from "./entity-list";
import type { listCredentialsInput, locateCredentialInput, quickSearchCredentialsInput } from "./credential-input";

/*
 * Reading credentials: lists, one credential's metadata, its history. Never a secret, never a sealed value: those
 * leave only through credential-reveals.ts.
 */

const contactsAlias = aliasedTable(contacts, "target_contact");
const devicesAlias = aliasedTable(devices, "target_device");

/** The metadata columns of a credential list row: never a secret, never a sealed value. */
const listColumns = {
  id: credentials.id,
  kind: credentials.kind,
  name: credentials.name,
  username: credentials.username,
  domain: credentials.domain,
  loginUrl: credentials.loginUrl,
  tags: credentials.tags,
  hasNotes: sql<boolean>`${credentials.notes} is not null`,
  hasTotp: sql<boolean>`${credentials.totpSeed} is not null`,
  expiresAt: credentials.expiresAt,
  /** "not_working" when the last health check or rotation found the stored password refused. */
  loginStatus: credentials.loginStatus,
  /** Copy and auto-fill only: revealing the plaintext is refused. */
  copyOnly: credentials.copyOnly,
  version: credentials.version,
  updatedAt: credentials.updatedAt,
  deletedAt: credentials.deletedAt,
  updatedByName: users.name,
  customerId: credentials.customerId,
  customerName: customers.name,
  contactId: credentials.contactId,
  contactName: contactsAlias.name,
  deviceId: credentials.deviceId,
  deviceName: devicesAlias.name,
};

/** The order columns of the row a keyset page starts after (name order: its key is its name). */
const afterColumns = (after: { name: string; id: string }) => ({ key: sql`${after.name}::text`, name: sql`${after.name}::text`, id: sql`${after.id}::uuid` });

/**
 * One page of `matches` (ids, names and sort keys of the credentials a list shows) in the list's order, with the list
 * columns and the member's state on each row (shares and checkouts differ per row), each row with the number of
 * matches: the page, its permissions and its total in one statement. With `total: false`, no count (null): the matches
 * are read only as far as the page needs.
 */
function pageOf(
  scope: MemberScope,
  matches: ReturnType<typeof matchingCredentials>,
  page: { limit: number; offset: number; direction?: CredentialListOrder["direction"]; after?: { name: string; id: string }; total?: false },
) {
  const { db } = scope;
  const direction = page.direction ?? "asc";
  const matched = db.$with("matched").as(matches);
  // Names of their own: Drizzle writes a CTE's columns unqualified, and the join below also reads credentials.id and .name.
  const pageId = sql<string>`${matched.id}`.as("page_id");
  const pageKey = sql`${matched.sortKey}`.as("page_key");
  const pageName = sql<string>`${matched.name}`.as("page_name");
  const onPage = db.$with("page").as(
    db
      .select({ pageId, pageKey, pageName })
      .from(matched)
      .where(page.after ? comesBefore(afterColumns(page.after), { key: matched.sortKey, name: matched.name, id: matched.id }, direction) : undefined)
      .orderBy(...listOrder({ key: matched.sortKey, name: matched.name, id: matched.id }, direction))
      .limit(page.limit)
      .offset(page.offset),
  );
  return db
    .with(matched, onPage)
    .select({
      row: listColumns,
      state: credentialStateColumns(scope.member),
      total: page.total === false ? sql<null>`null` : sql<number>`(select count(*) from ${matched})::int`,
    })
    .from(credentials)
    .innerJoin(onPage, and(eq(credentials.tenantId, scope.tenantId), eq(credentials.id, onPage.pageId)))
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(contactsAlias, and(eq(contactsAlias.tenantId, credentials.tenantId), eq(contactsAlias.id, credentials.contactId)))
    .leftJoin(devicesAlias, and(eq(devicesAlias.tenantId, credentials.tenantId), eq(devicesAlias.id, credentials.deviceId)))
    .leftJoin(users, eq(users.id, credentials.updatedBy))
    .orderBy(...listOrder({ key: onPage.pageKey, name: onPage.pageName, id: onPage.pageId }, direction));
}

/**
 * Credentials of a target (or of the whole tenant), searchable by description, username, domain, URL, tag and
 * customer — never by secrets — filtered and ordered as asked, one page at a time, with the total for the pager.
 */
export async function listCredentials(scope: MemberScope, input: z.infer<typeof listCredentialsInput> & Pick<ListInput, "customerIds"> & AfterRow) {
  const { db: tx } = scope;
  const matches = matchingCredentials(scope, input);
  const { after } = input;
  if (after && input.sort !== "name") throw badInput("after", "Paging after a row needs the list sorted by name.");
  // One row more than the page: whether another page follows.
  const rows = await pageOf(scope, matches, { limit: input.pageSize + 1, offset: after ? 0 : (input.page - 1) * input.pageSize, direction: input.direction, after });
  const found = rows.slice(0, input.pageSize);
  // A page past the end carries no total; only then is it counted on its own. (A keyset page's total counts the whole list.)
  const total = found[0]?.total ?? (input.page === 1 && !after ? 0 : ((await tx.select({ n: count() }).from(matches.as("matched")))[0]?.n ?? 0));
  return { items: found.map((r) => listItem(scope, r)), total, page: input.page, pageSize: input.pageSize, more: rows.length > input.pageSize };
}

/**
 * ⌘K's passwords: the first `limit` the member sees whose description, username, domain, URL, tags or customer's
 * name contain the term, by description, as a whole-vault list shows them; no total, so the matches are not counted.
 */
export async function quickSearchCredentials(scope: MemberScope, input: z.infer<typeof quickSearchCredentialsInput>) {
  const matches = matchingCredentials(scope, { search: input.term, first: input.limit });
  const rows = await pageOf(scope, matches, { limit: input.limit, offset: 0, total: false });
  return { items: rows.map((r) => listItem(scope, r)) };
}

/** A list row as the client gets it: its columns and what the member may do with it. */
function listItem(scope: MemberScope, { row, state }: Awaited<ReturnType<typeof pageOf>>[number]) {
  const p = permissionFromState(scope.member, state);
  return { ...row, can: p.can, approvalRequired: p.checkout.required, checkedOutUntil: p.checkout.checkedOutUntil };
}

/**
 * The page of a list (its target or the whole workspace, with its search, filters and order, `pageSize` rows a page)
 * that holds credential `id`, so a link to one password opens its list at the right page. NOT_FOUND when the member
 * would not see it in that list.
 */
export async function locateCredential(scope: MemberScope, input: z.infer<typeof locateCredentialInput>) {
  const { db } = scope;
  const { id, pageSize, direction, ...list } = input;
  const listed = db.$with("listed").as(matchingCredentials(scope, list));
  // The located row under names of its own, so the count below can read both rows' columns unqualified.
  const located = db.$with("located").as(
    db
      .select({ theirKey: sql`${listed.sortKey}`.as("their_key"), theirName: sql<string>`${listed.name}`.as("their_name"), theirId: sql<string>`${listed.id}`.as("their_id") })
      .from(listed)
      .where(eq(listed.id, id)),
  );
  const [found] = await db.with(listed, located).select({ id: located.theirId }).from(located);
  if (!found) throw notFound("Password");
  const [before] = await db
    .with(listed, located)
    .select({ n: count() })
    .from(listed)
    .innerJoin(located, sql`true`)
    .where(comesBefore({ key: listed.sortKey, name: listed.name, id: listed.id }, { key: located.theirKey, name: located.theirName, id: located.theirId }, direction));
  return { page: Math.floor((before?.n ?? 0) / pageSize) + 1 };
}

/**
 * The stored row of a live credential (or, with `deleted`, of a trashed one); NOT_FOUND otherwise. No permission check.
 * With `lock`, the live row stays locked until the transaction ends, so a concurrent edit waits and then reads this one's.
 */
export async function loadCredential(scope: TenantScope, id: string, opts: { deleted?: boolean; lock?: boolean } = {}) {
  const statement = opts.deleted ? trashedCredential : opts.lock ? lockedLiveCredential : liveCredential;
  const [row] = await statement(scope.db, { tenantId: scope.tenantId, id });
  if (!row) throw notFound("Password");
  return row;
}

const storedCredential = (name: string, state: (deletedAt: typeof credentials.deletedAt) => SQL, lock?: "update") =>
  reusableStatement(name, (tx) => {
    const query = tx
      .select()
      .from(credentials)
      .where(and(eq(credentials.tenantId, sql.placeholder("tenantId")), eq(credentials.id, sql.placeholder("id")), state(credentials.deletedAt)));
    return lock ? query.for(lock) : query;
  });
const liveCredential = storedCredential("live_credential", isNull);
const lockedLiveCredential = storedCredential("locked_live_credential", isNull, "update");
const trashedCredential = storedCredential("trashed_credential", isNotNull);

/** One credential's metadata and custom fields (secret ones by label only), with the member's permission on it. */
export async function getCredential(scope: MemberScope, id: string) {
  const { db: tx, tenantId } = scope;
  const [found] = await pageOf(scope, matchingCredentials(scope, { id }), { limit: 1, offset: 0 });
  if (!found) throw notFound("Password");
  const { row } = found;
  const permission = await requireCredentialAction(scope, id, "see");
  const [stored] = await tx
    .select({ customFields: credentials.customFields, policyId: credentials.policyId, externalId: credentials.externalId })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  const customFields = stored!.customFields.map((f) => (f.type === "text" ? f : { id: f.id, label: f.label, type: f.type }));
  return { ...row, policyId: stored!.policyId, externalId: stored!.externalId, customFields, permission };
}

/** The id of the live password filed under `externalId`; NOT_FOUND when none is (what the member may see is getCredential's). */
export async function credentialIdByExternalId(scope: TenantScope, externalId: string): Promise<string> {
  const [row] = await scope.db
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.tenantId, scope.tenantId), eq(credentials.externalId, externalId), isNull(credentials.deletedAt)));
  if (!row) throw notFound("Password");
  return row.id;
}

/** The change history of a credential: who changed which fields when (values never). */
export async function credentialHistory(scope: MemberScope, id: string) {
  const { db: tx, tenantId } = scope;
  await loadCredential(scope, id);
  await requireCredentialAction(scope, id, "viewHistory");
  const rows = await tx
    .select({
      id: credentialVersions.id,
      version: credentialVersions.version,
      changedFields: credentialVersions.changedFields,
      passwordChanged: sql<boolean>`${credentialVersions.secret} is not null`,
      changedAt: credentialVersions.changedAt,
      changedBy: users.name,
      overrideReason: credentialVersions.overrideReason,
    })
    .from(credentialVersions)
    .leftJoin(users, eq(users.id, credentialVersions.changedBy))
    .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, id)))
    .orderBy(desc(credentialVersions.version));
  return rows;
}
