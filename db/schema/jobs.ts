import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/*
 * The job engine's own tables. They are global (no tenant RLS) because one runner serves every tenant, and they
 * hold only event names, ids and step results: never a secret (workflows keep secrets in tenant tables and pass
 * ids around). Tenant work inside a job still runs through withTenant().
 */

/**
 * The transactional outbox of events: written in the same transaction as the change that caused them, so an
 * event exists exactly when its change committed. The dispatcher hands each to Inngest or to the local runner.
 */
export const jobEvents = pgTable(
  "job_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("job_events_pending_idx").on(t.createdAt).where(sql`dispatched_at is null`)],
);

/**
 * One run of one workflow under the embedded runner. `runAt` is its timer: a queued run waits for it, a sleeping
 * run wakes at it, and a failed step retries at it, so a restart resumes every run where it stood.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    functionId: text().notNull(),
    /** The triggering event's name, or "cron" for a scheduled run. */
    eventName: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    /** queued (waiting for runAt) | running (claimed until lockedUntil) | completed | failed */
    status: text().notNull().default("queued"),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Failed attempts of the current step; reset when a step succeeds. */
    attempt: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    concurrencyKeys: text().array().notNull().default(sql`'{}'::text[]`),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("job_runs_due_idx").on(t.runAt).where(sql`status in ('queued', 'running')`),
    // One pending timer per cron function: starting twice (or on two instances) cannot double a schedule.
    uniqueIndex("job_runs_one_cron_timer_key").on(t.functionId).where(sql`event_name = 'cron' and status in ('queued', 'running')`),
  ],
);

/** Memoized step results of a run: a re-run skips the steps that already completed, as Inngest does. */
export const jobSteps = pgTable(
  "job_steps",
  {
    runId: uuid()
      .notNull()
      .references(() => jobRuns.id, { onDelete: "cascade" }),
    stepId: text().notNull(),
    output: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "job_steps_pkey", columns: [t.runId, t.stepId] })],
);
