import "server-only";
import { aliasedTable, and, asc, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { contacts, credentials, credentialVersions, customers, devices, users } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { credentialStateColumns, permissionFromState, requireCredentialAction } from "../sharing/permissions";
import { matchingCredentials } from "./credential-search";
import type { listCredentialsInput, locateCredentialInput } from "./credential-input";

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

/**
 * One page of `matches` (ids and names of the credentials a list shows) in name order, with the list columns and the
 * member's state on each row (shares and checkouts differ per row), each row with the number of matches: the page,
 * its permissions and its total in one statement.
 */
function pageOf(scope: MemberScope, matches: ReturnType<typeof matchingCredentials>, limit: number, offset: number) {
  const { db } = scope;
  const matched = db.$with("matched").as(matches);
  // A name of its own: Drizzle writes a CTE's columns unqualified, and the join below also reads credentials.id.
  const pageId = sql<string>`${matched.id}`.as("page_id");
  const page = db.$with("page").as(db.select({ pageId }).from(matched).orderBy(asc(matched.name), asc(matched.id)).limit(limit).offset(offset));
  return db
    .with(matched, page)
    .select({ row: listColumns, state: credentialStateColumns(scope.member), total: sql<number>`(select count(*) from ${matched})::int` })
    .from(credentials)
    .innerJoin(page, and(eq(credentials.tenantId, scope.tenantId), eq(credentials.id, page.pageId)))
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(contactsAlias, and(eq(contactsAlias.tenantId, credentials.tenantId), eq(contactsAlias.id, credentials.contactId)))
    .leftJoin(devicesAlias, and(eq(devicesAlias.tenantId, credentials.tenantId), eq(devicesAlias.id, credentials.deviceId)))
    .leftJoin(users, eq(users.id, credentials.updatedBy))
    .orderBy(asc(credentials.name), asc(credentials.id));
}

/**
 * Credentials of a target (or of the whole tenant), searchable by description, username, domain, URL, tag and
 * customer — never by secrets — one page at a time, with the total for the pager.
 */
export async function listCredentials(scope: MemberScope, input: z.infer<typeof listCredentialsInput>) {
  const { db: tx } = scope;
  const matches = matchingCredentials(scope, input);
  const found = await pageOf(scope, matches, input.pageSize, (input.page - 1) * input.pageSize);
  // A page past the end carries no total; only then is it counted on its own.
  const total = found[0]?.total ?? (input.page === 1 ? 0 : ((await tx.select({ n: count() }).from(matches.as("matched")))[0]?.n ?? 0));
  const items = found.map(({ row, state }) => {
    const p = permissionFromState(scope.member, state);
    return { ...row, can: p.can, approvalRequired: p.checkout.required, checkedOutUntil: p.checkout.checkedOutUntil };
  });
  return { items, total, page: input.page, pageSize: input.pageSize };
}

/**
 * The page of a target's list (in its name order, `pageSize` rows a page) that holds credential `id`, so a link to one
 * password opens its list at the right page. NOT_FOUND when the member would not see it in that list.
 */
export async function locateCredential(scope: MemberScope, input: z.infer<typeof locateCredentialInput>) {
  const listed = matchingCredentials(scope, { target: input.target }).as("listed");
  const [found] = await scope.db.select({ name: listed.name }).from(listed).where(eq(listed.id, input.id));
  if (!found) throw notFound("Password");
  // The rows before it in the list's order (name, then id), as pageOf sorts.
  const [before] = await scope.db
    .select({ n: count() })
    .from(listed)
    .where(sql`(${listed.name}, ${listed.id}) < (${found.name}, ${input.id}::uuid)`);
  return { page: Math.floor((before?.n ?? 0) / input.pageSize) + 1 };
}

/** The stored row of a live credential (or, with `deleted`, of a trashed one); NOT_FOUND otherwise. No permission check. */
export async function loadCredential(scope: TenantScope, id: string, opts: { deleted?: boolean } = {}) {
  const [row] = await scope.db
    .select()
    .from(credentials)
    .where(
      and(
        eq(credentials.tenantId, scope.tenantId),
        eq(credentials.id, id),
        opts.deleted ? isNotNull(credentials.deletedAt) : isNull(credentials.deletedAt),
      ),
    );
  if (!row) throw notFound("Password");
  return row;
}

/** One credential's metadata and custom fields (secret ones by label only), with the member's permission on it. */
export async function getCredential(scope: MemberScope, id: string) {
  const { db: tx, tenantId } = scope;
  const [found] = await pageOf(scope, matchingCredentials(scope, { id }), 1, 0);
  if (!found) throw notFound("Password");
  const { row } = found;
  const permission = await requireCredentialAction(scope, id, "see");
  const [stored] = await tx
    .select({ customFields: credentials.customFields, policyId: credentials.policyId })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  const customFields = stored!.customFields.map((f) => (f.type === "text" ? f : { id: f.id, label: f.label, type: f.type }));
  return { ...row, policyId: stored!.policyId, customFields, permission };
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
