import { sql } from "drizzle-orm";
import { timestamp, uuid } from "drizzle-orm/pg-core";

/** The current tenant as set by withTenant(); NULL outside a tenant transaction, so policies match nothing. */
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
/** The signed-in user as set by withUser(); lets a user see their own memberships across tenants. */
export const currentUser = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/** A global (not tenant-owned) table's primary key. */
export const globalId = { id: uuid().primaryKey().defaultRandom() };
