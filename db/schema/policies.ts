import { boolean, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps } from "./columns";
import { tenantScoped, tenantTable } from "./tenancy";

export const builtInPolicy = pgEnum("built_in_policy", ["low", "medium", "strong"]);

/** Password policies: the three built-in ones (created with every tenant) and the tenant's own. */
export const passwordPolicies = pgTable(
  "password_policies",
  {
    ...tenantScoped,
    name: text().notNull(),
    builtIn: builtInPolicy(),
    minLength: integer().notNull(),
    maxLength: integer().notNull(),
    requireLowercase: boolean().notNull(),
    requireUppercase: boolean().notNull(),
    requireDigit: boolean().notNull(),
    requireSymbol: boolean().notNull(),
    /** Characters a password may not contain (e.g. quotes a target system mishandles). */
    forbiddenCharacters: text().notNull().default(""),
    /** Days until a password expires; null for never. Drives credentials.expires_at. */
    maxAgeDays: integer(),
    /** A new password may not repeat any of the last N. */
    noReuseLast: integer().notNull().default(0),
    /** The tenant default (exactly one per tenant). */
    isDefault: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "password_policies"),
    uniqueIndex("password_policies_tenant_name_key").on(t.tenantId, t.name),
    uniqueIndex("password_policies_one_default").on(t.tenantId).where(sql`is_default`),
    index("password_policies_tenant_idx").on(t.tenantId),
  ],
);
