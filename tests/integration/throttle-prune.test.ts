import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withGlobal } from "@/db/client";
import { loginThrottles } from "@/db/schema";
import { pruneThrottles } from "@/server/auth/throttle";

describe("pruning rate-limit counters", () => {
  it("deletes counters whose window and lock are over, and keeps live windows and running locks", async () => {
    const now = new Date();
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);
    const key = (name: string) => `test:${name}:${randomUUID()}`;
    const rows = {
      stale: { key: key("stale"), failures: 3, windowStartedAt: hoursAgo(5), lockedUntil: null },
      staleLockOver: { key: key("stale-lock-over"), failures: 0, windowStartedAt: hoursAgo(5), lockedUntil: hoursAgo(4) },
      live: { key: key("live"), failures: 1, windowStartedAt: hoursAgo(0.1), lockedUntil: null },
      stillLocked: { key: key("still-locked"), failures: 0, windowStartedAt: hoursAgo(5), lockedUntil: new Date(now.getTime() + 600_000) },
    };
    await withGlobal((tx) => tx.insert(loginThrottles).values(Object.values(rows)));

    expect(await pruneThrottles(now)).toBeGreaterThanOrEqual(2);
    const left = await withGlobal((tx) =>
      tx.select({ key: loginThrottles.key }).from(loginThrottles).where(inArray(loginThrottles.key, Object.values(rows).map((r) => r.key))),
    );
    expect(left.map((r) => r.key).sort()).toEqual([rows.live.key, rows.stillLocked.key].sort());
  });
});
