import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { connectorKinds } from "@/lib/connector-catalog";
import type { Sealed } from "@/lib/secret-brands";
import { timestamps } from "./columns";
import { credentials } from "./credentials";
import { customers } from "./entities";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

export const connectorKind = pgEnum("connector_kind", connectorKinds);

/**
 * How a credential's password is changed on the system it opens: which connector, where, and which stored
 * credential is the privileged login that changes it (null: the account changes its own password).
 */
export const rotationTargets = pgTable(
  "rotation_targets",
  {
    ...tenantScoped,
    credentialId: uuid().notNull(),
    connector: connectorKind().notNull(),
    host: text().notNull().default(""),
    port: integer(),
    options: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    privilegedCredentialId: uuid(),
    /** Whether the daily health check logs in with the stored password. */
    healthCheck: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "rotation_targets"),
    sameTenant("rotation_targets_credential_fk", t, t.credentialId, credentials),
    sameTenant("rotation_targets_privileged_fk", t, t.privilegedCredentialId, credentials),
    uniqueIndex("rotation_targets_credential_key").on(t.tenantId, t.credentialId),
    check("rotation_targets_not_self_privileged", sql`${t.privilegedCredentialId} is null or ${t.privilegedCredentialId} <> ${t.credentialId}`),
    check("rotation_targets_port_range", sql`${t.port} is null or ${t.port} between 1 and 65535`),
  ],
);

/**
 * When passwords rotate by themselves: for one credential, or for every credential with a connector under one
 * customer (a credential's own schedule wins). Every N days, or a cron expression.
 */
export const rotationSchedules = pgTable(
  "rotation_schedules",
  {
    ...tenantScoped,
    credentialId: uuid(),
    customerId: uuid(),
    everyDays: integer(),
    cron: text(),
    nextRunAt: timestamp({ withTimezone: true }).notNull(),
    lastRunAt: timestamp({ withTimezone: true }),
    enabled: boolean().notNull().default(true),
    /** For agent devices that are offline when a rotation is due: queue it until they check in, or fail it. */
    whenOffline: text().$type<"queue" | "fail">().notNull().default("queue"),
    createdBy: uuid().notNull(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "rotation_schedules"),
    sameTenant("rotation_schedules_credential_fk", t, t.credentialId, credentials),
    sameTenant("rotation_schedules_customer_fk", t, t.customerId, customers),
    check("rotation_schedules_one_scope", sql`(${t.credentialId} is null) <> (${t.customerId} is null)`),
    check("rotation_schedules_one_rule", sql`(${t.everyDays} is null) <> (${t.cron} is null)`),
    check("rotation_schedules_every_days_range", sql`${t.everyDays} is null or ${t.everyDays} between 1 and 3650`),
    uniqueIndex("rotation_schedules_credential_key").on(t.tenantId, t.credentialId).where(sql`credential_id is not null`),
    uniqueIndex("rotation_schedules_customer_key").on(t.tenantId, t.customerId).where(sql`customer_id is not null`),
    index("rotation_schedules_due_idx").on(t.nextRunAt).where(sql`enabled`),
  ],
);

export const rotationRunKind = pgEnum("rotation_run_kind", ["rotation", "health_check"]);
export const rotationRunStatus = pgEnum("rotation_run_status", [
  "queued",
  "running",
  "awaiting_technician",
  "succeeded",
  "failed",
  "awaiting_agent",
]);

/**
 * One rotation or health check of one credential: what triggered it, where it stands, how it ended. The pending
 * password lives here (sealed, bound to this run) until it is promoted; after a failure it stays for admins.
 */
export const rotationRuns = pgTable(
  "rotation_runs",
  {
    ...tenantScoped,
    credentialId: uuid().notNull(),
    kind: rotationRunKind().notNull().default("rotation"),
    status: rotationRunStatus().notNull().default("queued"),
    /** The workflow step in progress, for live progress: generate, apply, verify, promote. */
    step: text(),
    /** manual | schedule | checkout | health_schedule */
    trigger: text().notNull(),
    triggeredBy: uuid(),
    scheduleId: uuid(),
    connector: connectorKind().notNull(),
    pendingSecret: text().$type<Sealed>(),
    /** The target's error, never a password. */
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    ...tenantTable(t, "rotation_runs"),
    sameTenant("rotation_runs_credential_fk", t, t.credentialId, credentials),
    // At most one rotation in flight per credential: two would race to set different passwords.
    uniqueIndex("rotation_runs_one_active_key")
      .on(t.tenantId, t.credentialId)
      // "Not finished" rather than a list of waiting states, so new waiting states are covered without naming them.
      .where(sql`kind = 'rotation' and status not in ('succeeded', 'failed')`),
    index("rotation_runs_tenant_created_idx").on(t.tenantId, t.createdAt),
    index("rotation_runs_credential_idx").on(t.tenantId, t.credentialId, t.createdAt),
  ],
);
