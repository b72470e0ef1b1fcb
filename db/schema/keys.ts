import { sql } from "drizzle-orm";
import { foreignKey, integer, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { currentTenant } from "./columns";
import { tenants } from "./tenants";

/** Per-tenant data encryption keys, wrapped by the master key (KEK). Versions stay until no row uses them. */
export const tenantKeys = pgTable(
  "tenant_keys",
  {
    tenantId: uuid().notNull(),
    version: integer().notNull(),
    wrappedKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "tenant_keys_pkey", columns: [t.tenantId, t.version] }),
    foreignKey({ name: "tenant_keys_tenant_fk", columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete(
      "cascade",
    ),
    pgPolicy("tenant_keys_tenant_isolation", {
      for: "all",
      using: sql`tenant_id = ${currentTenant}`,
      withCheck: sql`tenant_id = ${currentTenant}`,
    }),
  ],
);

/** Keys for secrets that belong to no tenant (users' TOTP seeds), wrapped by the master key like tenant keys. */
export const systemKeys = pgTable("system_keys", {
  version: integer().primaryKey(),
  wrappedKey: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
