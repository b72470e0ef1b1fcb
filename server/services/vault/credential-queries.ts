import "server-only";
import { aliasedTable, and, asc, count, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { contacts, credentials, credentialVersions, customers, devices, users } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { permissionsOf, requireCredentialAction, visibleCredentialsCondition } from "../sharing/permissions";
import type { listCredentialsInput } from "./credential-input";

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

function baseQuery(scope: TenantScope) {
  return scope.db
    .select(listColumns)
    .from(credentials)
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(contactsAlias, and(eq(contactsAlias.tenantId, credentials.tenantId), eq(contactsAlias.id, credentials.contactId)))
    .leftJoin(devicesAlias, and(eq(devicesAlias.tenantId, credentials.tenantId), eq(devicesAlias.id, credentials.deviceId)))
    .leftJoin(users, eq(users.id, credentials.updatedBy));
}

/**
 * Credentials of a target (or of the whole tenant), searchable by description, username, domain, URL, tag and
 * customer — never by secrets — one page at a time, with the total for the pager.
 */
export async function listCredentials(scope: MemberScope, input: z.infer<typeof listCredentialsInput>) {
  const { db: tx, tenantId, member } = scope;
  const conditions: (SQL | undefined)[] = [
    eq(credentials.tenantId, tenantId),
    visibleCredentialsCondition(member),
    input.deleted ? isNotNull(credentials.deletedAt) : isNull(credentials.deletedAt),
  ];
  if (input.target) {
    const column =
      input.target.type === "customer" ? credentials.customerId : input.target.type === "contact" ? credentials.contactId : credentials.deviceId;
    conditions.push(eq(column, input.target.id));
  }
  if (input.search) {
    const pattern = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(credentials.name, pattern),
        ilike(credentials.username, pattern),
        ilike(credentials.domain, pattern),
        ilike(credentials.loginUrl, pattern),
        ilike(customers.name, pattern),
        sql`exists (select 1 from unnest(${credentials.tags}) as tag where tag ilike ${pattern})`,
      ),
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    baseQuery(scope)
      .where(where)
      .orderBy(asc(credentials.name), asc(credentials.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    tx
      .select({ n: count() })
      .from(credentials)
      .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
      .where(where),
  ]);
  // Each row carries the member's own permission (shares and checkouts differ per row), in one more query.
  const permissions = await permissionsOf(scope, rows.map((r) => r.id));
  const items = rows.map((row) => {
    const p = permissions.get(row.id)!;
    return { ...row, can: p.can, approvalRequired: p.checkout.required, checkedOutUntil: p.checkout.checkedOutUntil };
  });
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
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
  const { db: tx, tenantId, member } = scope;
  const [row] = await baseQuery(scope).where(
    and(eq(credentials.tenantId, tenantId), eq(credentials.id, id), isNull(credentials.deletedAt), visibleCredentialsCondition(member)),
  );
  if (!row) throw notFound("Password");
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
