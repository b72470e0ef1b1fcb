import { sql, type SQL } from "drizzle-orm";
import {
  foreignKey,
  pgPolicy,
  primaryKey,
  uuid,
  type AnyPgColumn,
  type PgColumn,
} from "drizzle-orm/pg-core";
import { currentTenant } from "./columns";
import { tenants } from "./tenants";

/** tenant_id + id: the first columns of every tenant-owned table, and its composite primary key. */
export const tenantScoped = {
  tenantId: uuid().notNull(),
  id: uuid().notNull().defaultRandom(),
};

type TenantColumns = { tenantId: PgColumn; id: PgColumn };

/**
 * What every tenant-owned table declares: the composite primary key, the key to its tenant and the
 * row-level security policy (rows of the current tenant only, `extra` widens reading where a table needs it).
 */
export function tenantTable(t: TenantColumns, name: string, extra?: SQL) {
  const visible = extra ? sql`tenant_id = ${currentTenant} or ${extra}` : sql`tenant_id = ${currentTenant}`;
  return [
    primaryKey({ name: `${name}_pkey`, columns: [t.tenantId, t.id] }),
    foreignKey({ name: `${name}_tenant_fk`, columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete("cascade"),
    pgPolicy(`${name}_tenant_isolation`, {
      for: "all",
      using: visible,
      withCheck: sql`tenant_id = ${currentTenant}`,
    }),
  ];
}

/** A composite foreign key (tenant_id, column) → target(tenant_id, id): no row can point into another tenant. */
export function sameTenant(
  name: string,
  t: { tenantId: PgColumn },
  column: PgColumn,
  target: { tenantId: AnyPgColumn; id: AnyPgColumn },
) {
  return foreignKey({
    name,
    columns: [t.tenantId, column],
    foreignColumns: [target.tenantId, target.id],
  });
}
