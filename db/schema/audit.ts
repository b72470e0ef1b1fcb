import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, pgPolicy } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { currentTenant } from "./columns";
import { tenants } from "./tenants";

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
    pgPolicy("audit_events_tenant_isolation", {
      for: "all",
      using: sql`tenant_id = ${currentTenant}`,
      withCheck: sql`tenant_id = ${currentTenant}`,
    }),
  ],
);
