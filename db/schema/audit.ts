import { bigint, customType, foreignKey, index, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
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

/** PostgreSQL's 64-bit transaction id; read as text (it does not fit a JS number safely). */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

const tenantPolicy = (name: string) =>
  pgPolicy(name, { for: "all", using: sql`tenant_id = ${currentTenant}`, withCheck: sql`tenant_id = ${currentTenant}` });

/**
 * Append-only: the application role may only INSERT and SELECT here. Writers never wait for each other: `id` comes
 * from an identity sequence, and the chain that makes history tamper-evident is added after commit by the sealer
 * (audit_seals). `xact_id` is the writing transaction, so the sealer knows which events can no longer appear.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    tenantId: uuid().notNull(),
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid(),
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    userAgent: text(),
    details: jsonb().$type<AuditDetails>().notNull(),
    xactId: xid8().notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    primaryKey({ name: "audit_events_pkey", columns: [t.tenantId, t.id] }),
    foreignKey({ name: "audit_events_tenant_fk", columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete("cascade"),
    index("audit_events_tenant_at_idx").on(t.tenantId, t.at),
    index("audit_events_tenant_action_idx").on(t.tenantId, t.action),
    index("audit_events_tenant_xact_idx").on(t.tenantId, t.xactId),
    // The secret hand-out limits count the recent hand-outs of a member and of a tenant on every reveal: small,
    // ordered by time, and only over those rows (server/services/vault/secret-access.ts).
    index("audit_events_secret_member_idx").on(t.tenantId, t.actorUserId, t.at).where(isSecretHandOut(t.action)),
    index("audit_events_secret_tenant_idx").on(t.tenantId, t.at).where(isSecretHandOut(t.action)),
    tenantPolicy("audit_events_tenant_isolation"),
  ],
);

/**
 * The keyed chain over a tenant's audit events, one row per event in sealing order: `seq` counts 1, 2, 3… and
 * `mac` is HMAC-SHA-256 (under the tenant's audit key) over the event and the previous MAC, so changing, removing
 * or reordering a sealed event, or recomputing the chain, needs the key. `horizon` is how far the sealer knew every
 * earlier transaction had finished; the next round starts there. Append-only for the application role.
 */
export const auditSeals = pgTable(
  "audit_seals",
  {
    tenantId: uuid().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    eventId: bigint({ mode: "number" }).notNull(),
    mac: text().notNull(),
    horizon: xid8().notNull(),
    sealedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "audit_seals_pkey", columns: [t.tenantId, t.seq] }),
    unique("audit_seals_event_key").on(t.tenantId, t.eventId),
    foreignKey({ name: "audit_seals_event_fk", columns: [t.tenantId, t.eventId], foreignColumns: [auditEvents.tenantId, auditEvents.id] }),
    foreignKey({ name: "audit_seals_tenant_fk", columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete("cascade"),
    index("audit_seals_sealed_at_idx").on(t.sealedAt),
    tenantPolicy("audit_seals_tenant_isolation"),
  ],
);

/**
 * Each tenant's audit MAC key: random, wrapped by the master key like a data key (so a master-key rotation re-wraps
 * it and old chains still verify). Created by the sealer on first use; never updated by the application role.
 */
export const auditKeys = pgTable(
  "audit_keys",
  {
    tenantId: uuid()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    wrappedKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy("audit_keys_tenant_isolation")],
);
