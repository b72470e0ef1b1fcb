import "server-only";
import { and, eq, gt, isNotNull, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { credentials, customers, rotationRuns } from "@/db/schema";
import { expiryWindowDays, type CredentialListFilters, type CredentialListOrder, type ExpiryWindow } from "@/lib/credential-list";
import { accessPolicyCoversCredential } from "../sharing/permissions";

/*
 * The SQL behind lib/credential-list.ts: each filter as a condition on the current "credentials" row, and each order
 * as a sort key. Kept apart from the search (credential-search.ts) so a list and `locate` build the same ones.
 */

const lastRun = alias(rotationRuns, "last_run");
const sortCustomer = alias(customers, "sort_customer");

/** SQL: the newest finished rotation of the current "credentials" row failed (a health check is read from loginStatus). */
const lastRotationFailed = sql`(select ${lastRun.status} from ${rotationRuns} ${sql.identifier("last_run")}
  where ${lastRun.tenantId} = ${credentials.tenantId} and ${lastRun.credentialId} = ${credentials.id}
    and ${lastRun.kind} = 'rotation' and ${lastRun.status} in ('succeeded', 'failed')
  order by ${lastRun.createdAt} desc, ${lastRun.id} desc limit 1) = 'failed'`;

/** SQL: the current row's expiry falls in the window, by the database's clock (the same for every row and page). */
function expiryCondition(window: ExpiryWindow): SQL {
  if (window === "expired") return and(isNotNull(credentials.expiresAt), lte(credentials.expiresAt, sql`now()`))!;
  const until = sql`now() + make_interval(days => ${expiryWindowDays[window]}::int)`;
  return and(gt(credentials.expiresAt, sql`now()`), lte(credentials.expiresAt, until))!;
}

/** The conditions `filters` put on the current "credentials" row (undefined where a filter is off). */
export function credentialFilterConditions(filters: CredentialListFilters): (SQL | undefined)[] {
  return [
    filters.customerId ? eq(credentials.customerId, filters.customerId) : undefined,
    filters.kind ? eq(credentials.kind, filters.kind) : undefined,
    // Tags are matched whole and case-insensitively, as credential groups match them.
    filters.tag ? sql`exists (select 1 from unnest(${credentials.tags}) as filter_tag(v) where lower(filter_tag.v) = lower(${filters.tag}))` : undefined,
    filters.expiry ? expiryCondition(filters.expiry) : undefined,
    filters.notWorking ? or(eq(credentials.loginStatus, "not_working"), lastRotationFailed) : undefined,
    filters.needsApproval ? accessPolicyCoversCredential : undefined,
  ];
}

/**
 * The value a list is ordered by, as an expression for the select list of a one-table query on "credentials". The
 * customer's name is a correlated subquery, nested one level so its outer columns keep their table name (see the
 * Drizzle trap in sharing/permissions.ts).
 */
export function credentialSortKey(sort: CredentialListOrder["sort"]): SQL {
  switch (sort) {
    case "name":
      return sql`${credentials.name}`;
    case "username":
      return sql`${credentials.username}`;
    case "domain":
      return sql`${credentials.domain}`;
    case "updated":
      return sql`${credentials.updatedAt}`;
    case "expires":
      return sql`${credentials.expiresAt}`;
    case "customer": {
      const name = sql`(select ${sortCustomer.name} from ${customers} ${sql.identifier("sort_customer")}
        where ${sortCustomer.tenantId} = ${credentials.tenantId} and ${sortCustomer.id} = ${credentials.customerId})`;
      return sql`${name}`;
    }
  }
}

type OrderColumns = { key: SQL | SQL.Aliased; name: SQL | SQL.Aliased; id: SQL | SQL.Aliased };

/** ORDER BY key, description, id in the list's direction; rows without a key (no expiry) last either way. */
export function listOrder({ key, name, id }: OrderColumns, direction: CredentialListOrder["direction"]): SQL[] {
  const dir = direction === "desc" ? sql`desc` : sql`asc`;
  return [sql`${key} ${dir} nulls last`, sql`${name} ${dir}`, sql`${id} ${dir}`];
}

/**
 * SQL: the row (key, name, id) comes before the row (theirKey, theirName, theirId) in listOrder's order: what
 * `locate` counts to find a row's page.
 */
export function comesBefore(row: OrderColumns, them: OrderColumns, direction: CredentialListOrder["direction"]): SQL {
  const cmp = direction === "desc" ? sql`>` : sql`<`;
  return sql`((${row.key} is not null and ${them.key} is null) or ${row.key} ${cmp} ${them.key}
    or (${row.key} is not distinct from ${them.key} and (${row.name}, ${row.id}) ${cmp} (${them.name}, ${them.id})))`;
}
