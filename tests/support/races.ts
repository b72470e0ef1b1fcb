import { sql } from "drizzle-orm";
import { it } from "vitest";
import { database } from "@/db/client";
import { testDatabaseUrl } from "./database-target";

/**
 * A race test: concurrent calls that must not both win. PGlite runs one transaction at a time, so there the calls
 * never overlap and the test could not fail whatever the code does; it runs on the PostgreSQL pass only (which CI
 * requires), and its name says so. The pool is warmed first, so the calls run concurrently instead of one of them
 * waiting for a new connection to be set up.
 */
export function raceTest(name: string, fn: () => Promise<void>) {
  it.runIf(testDatabaseUrl() !== undefined)(`${name} (race: PostgreSQL pass only)`, async () => {
    await warmConnectionPool();
    await fn();
  });
}

async function warmConnectionPool(connections = 8) {
  const { db } = await database();
  await Promise.all(Array.from({ length: connections }, () => db.transaction((tx) => tx.execute(sql`select pg_sleep(0.02)`))));
}
