import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, pgPolicy, type AnyPgColumn } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { currentTenant } from "./columns";
import { tenants } from "./tenants";

/** The audit actions that record a secret handed to a member: what the hand-out limits and the bulk alert count. */
export const secretHandOutActions = [
  "credential.revealed",
  "credential.copied",
  "credential.totp_viewed",
  "credential.version_revealed",
  "credential.pending_password_revealed",
] as const;
export type SecretHandOutAction = (typeof secretHandOutActions)[number];
/**
 * `action in (…)` with the actions written as literals (fixed names, no input): a query that repeats this very
 * predicate is served by the partial indexes below, which a parameterised `in ($1, …)` would not be.
 */
export const isSecretHandOut = (action: AnyPgColumn) =>
  sql`${action} in (${sql.raw(secretHandOutActions.map((a) => `'${a}'`).join(", "))})`;

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/**
 * Append-only, hash-chained per tenant: each row stores the previous row's hash and its own over a canonical
 * encoding of its fields. The application role may only INSERT and SELECT here.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    tenantId: uuid().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid(),
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    userAgent: text(),
    details: jsonb().$type<AuditDetails>().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    primaryKey({ name: "audit_events_pkey", columns: [t.tenantId, t.seq] }),
    foreignKey({ name: "audit_events_tenant_fk", columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete(
      "cascade",
    ),
    index("audit_events_tenant_at_idx").on(t.tenantId, t.at),
    index("audit_events_tenant_action_idx").on(t.tenantId, t.action),
    // The secret hand-out limits count the recent hand-outs of a member and of a tenant on every reveal: small,
    // ordered by time, and only over those rows (server/services/vault/secret-access.ts).
    index("audit_events_secret_member_idx").on(t.tenantId, t.actorUserId, t.at).where(isSecretHandOut(t.action)),
    index("audit_events_secret_tenant_idx").on(t.tenantId, t.at).where(isSecretHandOut(t.action)),
    pgPolicy("audit_events_tenant_isolation", {
      for: "all",
      using: sql`tenant_id = ${currentTenant}`,
      withCheck: sql`tenant_id = ${currentTenant}`,
    }),
  ],
);
