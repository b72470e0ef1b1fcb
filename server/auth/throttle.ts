import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { loginThrottles } from "@/db/schema";

/** The numbers of DESIGN.md's security baseline. */
export const LOGIN_LIMITS = {
  account: { failures: 5, windowMinutes: 15, lockMinutes: 15 },
  ip: { failures: 20, windowMinutes: 15, lockMinutes: 15 },
} as const;

export type ThrottleRule = { failures: number; windowMinutes: number; lockMinutes: number };

/** Seconds until `key` may try again, or 0. */
export async function lockedFor(tx: Tx, key: string, now = new Date()): Promise<number> {
  const [row] = await tx.select().from(loginThrottles).where(eq(loginThrottles.key, key));
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/**
 * Counts one failure for `key` in the database (so every app instance sees it) and locks the key once the
 * rule's count is reached within its window. Returns true when this failure started a lockout.
 */
export async function countFailure(tx: Tx, key: string, rule: ThrottleRule, now = new Date()): Promise<boolean> {
  // Raw SQL parameters go to the driver as text (postgres-js refuses Date objects there).
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000).toISOString();
  const lockUntil = new Date(now.getTime() + rule.lockMinutes * 60_000);
  // One atomic upsert: a window that has expired restarts at 1; reaching the limit sets locked_until.
  const [row] = await tx
    .insert(loginThrottles)
    .values({ key, failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${loginThrottles.windowStartedAt} < ${windowStart}::timestamptz then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${loginThrottles.windowStartedAt} < ${windowStart}::timestamptz then ${now.toISOString()}::timestamptz else ${loginThrottles.windowStartedAt} end`,
      },
    })
    .returning();
  if (row && row.failures >= rule.failures) {
    await tx
      .update(loginThrottles)
      .set({ lockedUntil: lockUntil, failures: 0, windowStartedAt: now })
      .where(eq(loginThrottles.key, key));
    return true;
  }
  return false;
}

/** Clears a key's failures (after a successful login). */
export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

export const accountKey = (email: string) => `account:${email}`;
export const ipKey = (ip: string | null) => `ip:${ip ?? "unknown"}`;

/**
 * A plain rate limit on top of the same table: refuses with the wait time once `rule.failures` uses happened
 * within the window (sign-ups, reset requests). Returns the seconds to wait, or 0 when this use is allowed.
 */
export async function takeRateLimit(tx: Tx, key: string, rule: ThrottleRule): Promise<number> {
  const wait = await lockedFor(tx, key);
  if (wait > 0) return wait;
  await countFailure(tx, key, rule);
  return 0;
}
