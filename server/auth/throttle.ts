import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { withGlobal, type Tx } from "@/db/client";
import { reusableStatement } from "@/db/reusable-statement";
import { loginThrottles } from "@/db/schema";

/** The numbers of DESIGN.md's security baseline. */
export const LOGIN_LIMITS = {
  account: { failures: 5, windowMinutes: 15, lockMinutes: 15 },
  ip: { failures: 20, windowMinutes: 15, lockMinutes: 15 },
} as const;

export type ThrottleRule = { failures: number; windowMinutes: number; lockMinutes: number };

export type Attempt = {
  /** Seconds until the key may try again; 0 when this attempt may go ahead. */
  wait: number;
  /** Attempts counted in the current window, this one included. */
  count: number;
};

/**
 * Counts an attempt for `key` BEFORE the work it guards, in one upsert that also locks the counter row until
 * the transaction ends: concurrent attempts on the same key queue behind each other and each sees the count
 * of the ones before, so parallel guesses cannot slip past the limit. Stored in the database, so every app
 * instance shares it.
 */
export async function countAttempt(tx: Tx, key: string, rule: ThrottleRule, now = new Date()): Promise<Attempt> {
  // Timestamps go as ISO text (a reusable statement's values skip the column's conversion).
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000).toISOString();
  const [row] = await countStatement(tx, { key, now: now.toISOString(), windowStart });
  if (row!.lockedUntil && row!.lockedUntil > now) {
    return { wait: Math.ceil((row!.lockedUntil.getTime() - now.getTime()) / 1000), count: row!.failures };
  }
  if (row!.failures > rule.failures) return { wait: await lock(tx, key, rule, now), count: row!.failures };
  return { wait: 0, count: row!.failures };
}

/** countAttempt's upsert, written once per process: every login and every agent check-in runs it. */
const countStatement = reusableStatement("count_attempt", (tx) => {
  const now = sql`${sql.placeholder("now")}::timestamptz`;
  const expired = sql`${loginThrottles.windowStartedAt} < ${sql.placeholder("windowStart")}::timestamptz`;
  return tx
    .insert(loginThrottles)
    .values({ key: sql.placeholder("key"), failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${now} else ${loginThrottles.windowStartedAt} end`,
      },
    })
    .returning({ failures: loginThrottles.failures, lockedUntil: loginThrottles.lockedUntil });
});

/** Locks `key` for the rule's lock time and starts a fresh window after it; returns the seconds locked. */
export async function lock(tx: Tx, key: string, rule: ThrottleRule, now = new Date()): Promise<number> {
  const until = new Date(now.getTime() + rule.lockMinutes * 60_000);
  await tx.update(loginThrottles).set({ lockedUntil: until, failures: 0, windowStartedAt: until }).where(eq(loginThrottles.key, key));
  return rule.lockMinutes * 60;
}

/** Forgets a key's attempts (after a successful login). */
export async function clearAttempts(tx: Tx, key: string): Promise<void> {
  await tx.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

/** Takes back one counted attempt (a successful login from an address is not a failure of that address). */
export async function uncountAttempt(tx: Tx, key: string): Promise<void> {
  await tx
    .update(loginThrottles)
    .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
    .where(eq(loginThrottles.key, key));
}

/**
 * A plain rate limit on the same table: at most `rule.failures` uses per window, then a lock (sign-ups, reset
 * requests). Returns the seconds to wait, or 0 when this use is allowed.
 */
export async function takeRateLimit(tx: Tx, key: string, rule: ThrottleRule): Promise<number> {
  return (await countAttempt(tx, key, rule)).wait;
}

export const accountKey = (email: string) => `account:${email}`;
export const ipKey = (ip: string | null) => `ip:${ip ?? "unknown"}`;

/** Rows older than any rule's window and lock (the longest are an hour each) serve no rule any more. */
const THROTTLE_ROWS_KEPT_MS = 2 * 3600_000;

/**
 * Deletes counters whose window and lock are over. Every guessed API key or login address leaves a row, so without
 * this the table grows with whatever anyone sends.
 */
export async function pruneThrottles(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - THROTTLE_ROWS_KEPT_MS);
  const deleted = await withGlobal((tx) =>
    tx
      .delete(loginThrottles)
      .where(and(lt(loginThrottles.windowStartedAt, before), or(isNull(loginThrottles.lockedUntil), lt(loginThrottles.lockedUntil, now))))
      .returning({ key: loginThrottles.key }),
  );
  return deleted.length;
}
