import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import { timestamps } from "./columns";
import { customers, devices } from "./entities";
import { rotationRuns } from "./rotation";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/** A per-customer token an admin hands to a machine so its agent can enroll (stored as a SHA-256 hash). */
export const agentEnrollmentTokens = pgTable(
  "agent_enrollment_tokens",
  {
    ...tenantScoped,
    customerId: uuid().notNull(),
    label: text().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Null: any number of machines may enroll with it until it expires. */
    maxUses: integer(),
    uses: integer().notNull().default(0),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(t, "agent_enrollment_tokens"),
    sameTenant("agent_enrollment_tokens_customer_fk", t, t.customerId, customers).onDelete("cascade"),
    uniqueIndex("agent_enrollment_tokens_hash_key").on(t.tokenHash),
    index("agent_enrollment_tokens_customer_idx").on(t.tenantId, t.customerId),
  ],
);

export type LocalAccount = { username: string; uid: number; shell?: string; locked?: boolean };

/**
 * The agent running on an agent device: its identity (secret hash, X25519 public key), what it last reported,
 * and when. One agent per device; the same machine enrolling again re-attaches to its device.
 */
export const agents = pgTable(
  "agents",
  {
    ...tenantScoped,
    deviceId: uuid().notNull(),
    customerId: uuid().notNull(),
    machineId: text().notNull(),
    secretHash: text().notNull(),
    /** A re-issued secret handed to the agent at its last check-in; it replaces secretHash on first use. */
    nextSecretHash: text(),
    /** An admin asked for a new secret: the next check-in issues it. */
    reissueRequestedAt: timestamp({ withTimezone: true }),
    publicKey: text().notNull(),
    hostname: text().notNull(),
    osName: text().notNull().default(""),
    osVersion: text().notNull().default(""),
    osArch: text(),
    agentVersion: text().notNull().default(""),
    ips: text().array().notNull().default(sql`'{}'::text[]`),
    uptimeSeconds: integer(),
    localAccounts: jsonb().$type<LocalAccount[]>().notNull().default([]),
    /**
     * SHA-256 of the inventory last reported (hostname, OS, agent version, IPs, local accounts; inventoryHash in
     * agent-api.ts): a check-in that matches it writes last-seen only. Null when unknown (before the first report).
     */
    inventoryHash: text(),
    /** Nonces of the agent's recent requests and the request times (ms) they came with: a nonce seen here is a replay. */
    recentNonces: jsonb().$type<Record<string, number>>().notNull().default({}),
    checkinIntervalSeconds: integer().notNull().default(60),
    lastSeenAt: timestamp({ withTimezone: true }),
    lastSeenIp: text(),
    /** Set when the offline notice went out; cleared by the next check-in. */
    offlineSince: timestamp({ withTimezone: true }),
    enrolledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "agents"),
    sameTenant("agents_device_fk", t, t.deviceId, devices),
    sameTenant("agents_customer_fk", t, t.customerId, customers),
    uniqueIndex("agents_device_key").on(t.tenantId, t.deviceId),
    uniqueIndex("agents_machine_key").on(t.tenantId, t.machineId),
    // No index on last_seen_at: every check-in moves it, and an unindexed column lets that update stay HOT.
  ],
);

/** One row per check-in: when, from where, and what changed (the device page's history). */
export const agentCheckins = pgTable(
  "agent_checkins",
  {
    ...tenantScoped,
    agentId: uuid().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    /** What differed from the previous report: hostname, os, ips, accounts, version. */
    changes: text().array().notNull().default(sql`'{}'::text[]`),
    results: integer().notNull().default(0),
    tasksSent: integer().notNull().default(0),
  },
  (t) => [
    ...tenantTable(t, "agent_checkins"),
    sameTenant("agent_checkins_agent_fk", t, t.agentId, agents).onDelete("cascade"),
    index("agent_checkins_agent_idx").on(t.tenantId, t.agentId, t.at),
  ],
);

export const agentTaskStatus = pgEnum("agent_task_status", ["queued", "delivered", "succeeded", "failed", "expired"]);

/**
 * Work for an agent: change a local account's password. The new password is sealed to the agent's public key
 * (only that agent can open it); the run keeps its own copy sealed under the tenant key until promotion.
 */
export const agentTasks = pgTable(
  "agent_tasks",
  {
    ...tenantScoped,
    agentId: uuid().notNull(),
    runId: uuid().notNull(),
    username: text().notNull(),
    sealedPayload: text().$type<Sealed>().notNull(),
    status: agentTaskStatus().notNull().default("queued"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /** Queued: when it gives up waiting for the device; delivered: when it gives up waiting for the result. */
    deadlineAt: timestamp({ withTimezone: true }).notNull(),
    error: text(),
  },
  (t) => [
    ...tenantTable(t, "agent_tasks"),
    sameTenant("agent_tasks_agent_fk", t, t.agentId, agents).onDelete("cascade"),
    sameTenant("agent_tasks_run_fk", t, t.runId, rotationRuns).onDelete("cascade"),
    uniqueIndex("agent_tasks_run_key").on(t.tenantId, t.runId),
    index("agent_tasks_open_idx").on(t.tenantId, t.agentId).where(sql`status in ('queued', 'delivered')`),
    index("agent_tasks_deadline_idx").on(t.deadlineAt).where(sql`status in ('queued', 'delivered')`),
  ],
);
