import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { memberships } from "./memberships";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/**
 * A key an application uses for the REST API (/api/v1). Acts as its owner member, never with more than the owner
 * could do, narrowed by its scopes, customers, credential groups and IP allow-list. The key itself is shown once; only its SHA-256
 * hash and a short prefix (for recognition) are stored.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    ...tenantScoped,
    name: text().notNull(),
    /** lib/api-keys.ts apiKeyScopes: "metadata:read", "secrets:read", "write". */
    scopes: text().array().notNull(),
    /** Null: every customer the owner sees. */
    customerIds: uuid().array(),
    /**
     * Null: no credential-group limit. Otherwise the key sees only credentials in one of these groups (static or
     * dynamic). Checked against the tenant's groups when set, like customerIds (an array cannot carry a composite
     * foreign key); a group deleted later matches nothing, so the key sees less, never more.
     */
    credentialGroupIds: uuid().array(),
    /** CIDRs the key may be used from; empty: anywhere. */
    allowedCidrs: text().array().notNull().default(sql`'{}'::text[]`),
    ownerMembershipId: uuid().notNull(),
    tokenHash: text().notNull(),
    /** The first characters of the key (`vl_live_ab12`), shown in lists so people recognise it. */
    prefix: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** The key this one replaced by rotation (the old one stays valid until its overlap ends). */
    rotatedFromId: uuid(),
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedIp: text(),
    createdBy: uuid().notNull(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "api_keys"),
    sameTenant("api_keys_owner_fk", t, t.ownerMembershipId, memberships).onDelete("cascade"),
    uniqueIndex("api_keys_hash_key").on(t.tokenHash),
    index("api_keys_tenant_idx").on(t.tenantId, t.createdAt),
    check("api_keys_has_scope", sql`cardinality(${t.scopes}) > 0`),
    check("api_keys_group_limit_not_empty", sql`${t.credentialGroupIds} is null or cardinality(${t.credentialGroupIds}) > 0`),
  ],
);
