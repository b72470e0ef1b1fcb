import { sql, type SQL } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgEnum, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import { currentTenant, timestamps } from "./columns";
import { contacts, customers, devices } from "./entities";
import { passwordPolicies } from "./policies";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/** What the last health check or rotation found when it logged in with the stored password. */
export const loginStatus = pgEnum("login_status", ["unknown", "working", "not_working"]);

export const credentialKind = pgEnum("credential_kind", [
  "password",
  "ssh_key",
  "api_key",
  "pin",
  "wifi",
  "database",
  "certificate",
]);

/** A custom field: plain text is stored as is, a secret one sealed like the password. */
export type StoredCustomField =
  | { id: string; label: string; type: "text"; value: string }
  | { id: string; label: string; type: "secret"; value: Sealed };

/**
 * A stored credential. It always belongs to a customer and at most to one of that customer's contacts or
 * devices (a CHECK, plus composite keys that make the contact or device belong to the same customer).
 * Secret fields are sealed by server/crypto, bound to this row.
 */
export const credentials = pgTable(
  "credentials",
  {
    ...tenantScoped,
    customerId: uuid().notNull(),
    contactId: uuid(),
    deviceId: uuid(),
    kind: credentialKind().notNull().default("password"),
    name: text().notNull(),
    username: text().notNull().default(""),
    secret: text().$type<Sealed>().notNull(),
    /**
     * The version the password was set at, bound into its seal: an older sealed value copied back fails to open.
     * Null for a password sealed before that binding (bound by bindLegacyPasswords at start-up).
     */
    secretGeneration: integer(),
    domain: text().notNull().default(""),
    loginUrl: text().notNull().default(""),
    notes: text().$type<Sealed>(),
    totpSeed: text().$type<Sealed>(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb().$type<StoredCustomField[]>().notNull().default([]),
    policyId: uuid(),
    expiresAt: timestamp({ withTimezone: true }),
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    loginStatus: loginStatus().notNull().default("unknown"),
    loginCheckedAt: timestamp({ withTimezone: true }),
    /** The target's answer when the stored password stopped working (never a password). */
    loginError: text(),
    /** "Share without revealing": usable by copy and auto-fill only, plaintext reveal refused (set with full permission). */
    copyOnly: boolean().notNull().default(false),
    /**
     * A stable id a script or another system files the password under ("erp/prod/db"), unique in the workspace (a
     * password in the trash keeps its own until purged); null when none was given.
     */
    externalId: text(),
    /** Optimistic concurrency: every edit names the version it was made on. */
    version: integer().notNull().default(1),
    createdBy: uuid().notNull(),
    /** The member who last changed it; null when Vaultline did (a scheduled rotation). */
    updatedBy: uuid(),
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: uuid(),
    /**
     * What a search matches on the row itself, lower-cased, one field a line: description, username, domain, login
     * URL and tags (never a secret). Kept by the database; copied with the customer's name into credential_search,
     * where a search of the whole vault reads it.
     */
    search: text()
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`lower(${credentials.name} || chr(10) || ${credentials.username} || chr(10) || ${credentials.domain} || chr(10) || ${credentials.loginUrl} || chr(10) || vaultline_lines(${credentials.tags}))`,
      ),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "credentials"),
    sameTenant("credentials_customer_fk", t, t.customerId, customers),
    foreignKey({
      name: "credentials_contact_fk",
      columns: [t.tenantId, t.customerId, t.contactId],
      foreignColumns: [contacts.tenantId, contacts.customerId, contacts.id],
    }),
    foreignKey({
      name: "credentials_device_fk",
      columns: [t.tenantId, t.customerId, t.deviceId],
      foreignColumns: [devices.tenantId, devices.customerId, devices.id],
    }),
    sameTenant("credentials_policy_fk", t, t.policyId, passwordPolicies),
    check("credentials_one_target", sql`${t.contactId} is null or ${t.deviceId} is null`),
    check("credentials_login_url_http", sql`${t.loginUrl} = '' or ${t.loginUrl} ~* '^https?://'`),
    index("credentials_tenant_customer_idx").on(t.tenantId, t.customerId).where(sql`deleted_at is null`),
    index("credentials_tenant_contact_idx").on(t.tenantId, t.contactId).where(sql`contact_id is not null`),
    index("credentials_tenant_device_idx").on(t.tenantId, t.deviceId).where(sql`device_id is not null`),
    index("credentials_tenant_deleted_idx").on(t.tenantId, t.deletedAt).where(sql`deleted_at is not null`),
    index("credentials_tenant_name_idx").on(t.tenantId, t.name),
    uniqueIndex("credentials_tenant_external_id_key").on(t.tenantId, t.externalId).where(sql`external_id is not null`),
  ],
);

/**
 * What a search of the whole vault reads (#12): one narrow row per live credential, its name (the list's order) and its
 * search column with its customer's name on a line of its own, under a trigram index. Kept by triggers on credentials
 * and customers (migration 0016); never a secret. A search rechecks every match on its row, and this table's rows are
 * a third the size of a credential's, so a common term reads a third of the pages.
 */
export const credentialSearch = pgTable(
  "credential_search",
  {
    tenantId: uuid().notNull(),
    credentialId: uuid().notNull(),
    name: text().notNull(),
    search: text().notNull(),
  },
  (t) => [
    primaryKey({ name: "credential_search_pkey", columns: [t.tenantId, t.credentialId] }),
    foreignKey({ name: "credential_search_credential_fk", columns: [t.tenantId, t.credentialId], foreignColumns: [credentials.tenantId, credentials.id] }).onDelete("cascade"),
    index("credential_search_idx").using("gin", t.search.op("gin_trgm_ops")).with({ fastupdate: false }),
    pgPolicy("credential_search_tenant_isolation", { for: "all", using: sql`tenant_id = ${currentTenant}`, withCheck: sql`tenant_id = ${currentTenant}` }),
  ],
);

/**
 * One row per change of a credential: who, when, which fields (names only), and the sealed password as it
 * was, so admins can reveal an old password (audited). The seal stays bound to the credential's row.
 */
export const credentialVersions = pgTable(
  "credential_versions",
  {
    ...tenantScoped,
    credentialId: uuid().notNull(),
    version: integer().notNull(),
    changedFields: text().array().notNull(),
    /** The password of this version (sealed, bound to the credential); null when it did not change. */
    secret: text().$type<Sealed>(),
    /** The version `secret` is bound to (this row's version); null when there is no secret or it predates binding. */
    secretGeneration: integer(),
    /** Null when Vaultline made the change itself (a scheduled rotation). */
    changedBy: uuid(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Why a policy was overridden, when it was. */
    overrideReason: text(),
  },
  (t) => [
    ...tenantTable(t, "credential_versions"),
    sameTenant("credential_versions_credential_fk", t, t.credentialId, credentials),
    index("credential_versions_credential_idx").on(t.tenantId, t.credentialId, t.version),
  ],
);
