import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { contacts, credentials, credentialVersions, customers, devices } from "@/db/schema";
import type { ExportLeftOut, ExportLeftOutReason, ExportScope } from "@/lib/export";
import { refusalOf, type Refusal } from "@/lib/permissions";
import type { MemberScope } from "@/server/scope";
import { credentialStateColumns, permissionFromState, visibleCredentialsCondition } from "../sharing/permissions";
import { loadHolder } from "../vault/holders";

/*
 * Which passwords of an export's scope go into the file: the ones the member may see, each judged by the rule table's
 * "export" action (lib/permissions.ts) with the member's grants, approval state and checkouts, all read with the rows
 * in one statement. The rest are left out with their reason; nothing is opened here.
 */

const filedContact = alias(contacts, "export_contact");
const filedDevice = alias(devices, "export_device");
const version = alias(credentialVersions, "export_version");

/**
 * SQL: the generation of the newest password in the current "credentials" row's history, which its current password
 * must be sealed at (openCurrentPassword): one subquery per row instead of one query per password. Nested in a second
 * fragment so that its columns keep their table names in the select list (the Drizzle trap, STYLE.md).
 */
const newestGenerationOf = sql`(select ${version.secretGeneration} from ${credentialVersions} ${sql.identifier("export_version")}
  where ${version.tenantId} = ${credentials.tenantId} and ${version.credentialId} = ${credentials.id} and ${version.secret} is not null
  order by ${version.version} desc limit 1)`;
const newestGeneration = sql<number | null>`${newestGenerationOf}`;

/** How a refusal of the "export" action reads in the summary. */
const REASON_OF: Record<Exclude<Refusal, "role" | "approvalRole">, ExportLeftOutReason> = {
  hidden: "notFound",
  level: "noAccess",
  checkout: "approval",
  copyOnly: "copyOnly",
};

function scopeCondition(scope: ExportScope) {
  if (scope.type === "customer") return eq(credentials.customerId, scope.customerId);
  if (scope.type === "selection") return inArray(credentials.id, scope.credentialIds);
  return undefined;
}

/** The stored rows of the passwords the scope names that the member may see, with where each is filed and its state. */
async function candidates(scope: MemberScope, exportScope: ExportScope) {
  const { db: tx, tenantId, member } = scope;
  return tx
    .select({
      id: credentials.id,
      name: credentials.name,
      username: credentials.username,
      secret: credentials.secret,
      secretGeneration: credentials.secretGeneration,
      newestGeneration,
      domain: credentials.domain,
      loginUrl: credentials.loginUrl,
      notes: credentials.notes,
      totpSeed: credentials.totpSeed,
      customFields: credentials.customFields,
      tags: credentials.tags,
      customer: customers.name,
      contact: filedContact.name,
      device: filedDevice.name,
      state: credentialStateColumns(member),
    })
    .from(credentials)
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .leftJoin(filedContact, and(eq(filedContact.tenantId, credentials.tenantId), eq(filedContact.id, credentials.contactId)))
    .leftJoin(filedDevice, and(eq(filedDevice.tenantId, credentials.tenantId), eq(filedDevice.id, credentials.deviceId)))
    .where(and(eq(credentials.tenantId, tenantId), isNull(credentials.deletedAt), scopeCondition(exportScope), visibleCredentialsCondition(member)))
    .orderBy(asc(customers.name), asc(credentials.name), asc(credentials.id));
}
export type ExportCandidate = Awaited<ReturnType<typeof candidates>>[number];

/**
 * Splits the export's scope into what goes into the file and what is left out, and why. A customer scope names a
 * customer the member may see (NOT_FOUND otherwise, as everywhere); hand-picked ids the member cannot see, deleted or
 * unknown ones, are left out as "not found", all alike, so the summary tells nothing about a hidden password.
 */
export async function selectForExport(scope: MemberScope, exportScope: ExportScope) {
  if (exportScope.type === "customer") await loadHolder(scope, "customer", exportScope.customerId);
  const rows = await candidates(scope, exportScope);
  const included: ExportCandidate[] = [];
  const leftOut: ExportLeftOut[] = [];
  for (const row of rows) {
    const refusal = refusalOf(scope.member, permissionFromState(scope.member, row.state), "export");
    if (refusal === null) included.push(row);
    // The "export" rule sets no role floor and no approval role (lib/permissions.ts), so these two cannot refuse it.
    else if (refusal !== "role" && refusal !== "approvalRole") leftOut.push({ id: row.id, name: row.name, customer: row.customer, reason: REASON_OF[refusal] });
  }
  if (exportScope.type === "selection") {
    const found = new Set(rows.map((r) => r.id));
    for (const id of new Set(exportScope.credentialIds)) if (!found.has(id)) leftOut.push({ id, name: "(not found)", customer: null, reason: "notFound" });
  }
  return { included, leftOut };
}
