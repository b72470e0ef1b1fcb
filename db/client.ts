import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Sql } from "postgres";
import { APP_ROLE, type Database, type Handle, type Tx } from "./database";
import { connectPostgres } from "./postgres-connection";
import { driverClientOf } from "./reusable-statement";
import * as schema from "./schema";

export { APP_ROLE, type Database, type Handle, type Schema, type Tx } from "./database";

let queryObserver: ((query: string) => void) | null = null;
/** Benchmarks count the SQL statements a request runs; null (the default) turns the hook off. */
export function observeQueries(observer: ((query: string) => void) | null): void {
  queryObserver = observer;
}
const logger = { logQuery: (query: string) => queryObserver?.(query) };

const globalForDb = globalThis as unknown as { vaultlineDb?: Promise<Handle> };

/**
 * Opens the configured database: PostgreSQL through `postgres` when DATABASE_URL is set, otherwise embedded
 * PGlite in VAULTLINE_DATA_DIR (default `.data`; `memory://` keeps it in memory, as the tests do).
 */
export async function openDatabase(url = process.env.DATABASE_URL): Promise<Handle> {
  if (url) {
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // A Unix socket where there is one (db/postgres-connection.ts), else TCP.
    const { sql: client, transport } = await connectPostgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
    const db = drizzle(preparing(client), { schema, casing: "snake_case", logger }) as unknown as Database;
    return { db, kind: "postgres", transport, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  // pg_trgm: the trigram indexes of searches (migration 0013); PGlite ships it as an extension to load.
  const client = new PGlite(pgliteLocation(), { extensions: { pg_trgm } });
  const db = drizzle(client, { schema, casing: "snake_case", logger }) as unknown as Database;
  return { db, kind: "pglite", close: () => client.close() };
}

/** Statements with more parameters than this (bulk inserts, long id lists) come in many shapes, each run rarely. */
const MAX_PREPARED_PARAMETERS = 64;

/**
 * Drizzle runs a query unprepared unless it is named, and postgres-js then asks the server for the parameter types
 * before running it: two round trips for every statement with parameters. This hands Drizzle a client that prepares
 * them (postgres-js's own default: parsed once per connection, then one round trip a run), in transactions too, which
 * it runs as pipelinedTransaction. postgres-js re-prepares a statement a schema change invalidated, and its connections, with their
 * statements, last 30 to 60 minutes.
 */
function preparing<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== "function") return value;
      if (key === "unsafe") {
        return (query: string, parameters: unknown[] = [], options: object = {}) =>
          value.call(target, query, parameters, parameters.length > MAX_PREPARED_PARAMETERS ? options : { ...options, prepare: true });
      }
      if (key === "begin" && "reserve" in target) {
        return (...args: unknown[]) => pipelinedTransaction(target as unknown as Sql, args.pop() as (transaction: object) => unknown);
      }
      return value;
    },
  });
}

/**
 * A transaction whose BEGIN leaves with its first statements. postgres-js's own `begin` waits for BEGIN's answer
 * before running the work: a round trip, a socket write and a wake-up of the backend for every transaction, before
 * any of its statements. Here the connection is reserved (no round trip), BEGIN is queued, and the work's first
 * statements go in the same write; the connection runs them in order. The work settles before COMMIT or ROLLBACK is
 * sent, so nothing of it runs on the connection once it is back in the pool. Nested transactions (savepoints) are
 * not offered: nothing uses them.
 */
async function pipelinedTransaction(client: Sql, work: (transaction: object) => unknown) {
  const connection = await client.reserve();
  const transaction = preparing(connection);
  const finals: Promise<unknown>[] = [];
  finalStatements.set(transaction, finals);
  try {
    const begun = connection.unsafe("begin").execute();
    const [began, outcome] = await Promise.allSettled([begun, Promise.resolve().then(() => work(transaction))]);
    if (began.status === "rejected" || outcome.status === "rejected") {
      await Promise.allSettled(finals);
      await connection.unsafe("rollback").catch(() => undefined);
      throw began.status === "rejected" ? began.reason : (outcome as PromiseRejectedResult).reason;
    }
    // Sent now, in the write that carries the work's final statement, if it left one (sendWithCommit).
    const [ended, committed] = await Promise.allSettled([Promise.all(finals), connection.unsafe("commit").execute()]);
    if (ended.status === "rejected") throw ended.reason;
    if (committed.status === "rejected") throw committed.reason;
    // PostgreSQL answers COMMIT with ROLLBACK when a statement of the transaction failed, even one the work caught.
    if (committed.value.command !== "COMMIT") throw new Error("The transaction was rolled back: one of its statements failed.");
    return outcome.value;
  } finally {
    connection.release();
  }
}

/** By transaction (its driver client): the statements its work left to travel with its COMMIT. */
const finalStatements = new WeakMap<object, Promise<unknown>[]>();

/**
 * Sends `statement` as the transaction's last: on PostgreSQL its COMMIT leaves in the same write instead of a round
 * trip later, and the statement's error, if any, is what the transaction throws (nothing is committed). Elsewhere
 * (PGlite, in process: no round trip to save) it is awaited here. The work must send nothing after it, and must not
 * need its answer.
 */
export async function sendWithCommit(tx: Tx, statement: PromiseLike<unknown>): Promise<void> {
  const finals = finalStatements.get(driverClientOf(tx));
  // then(), called here and not a microtask later, sends a Drizzle query at once: it reaches the connection before COMMIT.
  const sent = new Promise((resolve, reject) => void statement.then(resolve, reject));
  if (finals) finals.push(sent);
  else await sent;
}

/** The data directory of embedded mode (also home of the generated master key). */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.VAULTLINE_DATA_DIR ?? ".data");
}

function pgliteLocation(): string {
  if (process.env.VAULTLINE_DATA_DIR === "memory://") return "memory://";
  const dir = path.join(dataDir(), "pglite");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The process-wide database, opened and migrated once (one PGlite instance per data directory per process). */
export function database(): Promise<Handle> {
  globalForDb.vaultlineDb ??= (async () => {
    const handle = await openDatabase();
    await prepareDatabase(handle, process.env.DATABASE_MIGRATION_URL);
    return handle;
  })();
  return globalForDb.vaultlineDb;
}

/**
 * Applies the migrations: over `migrationUrl` when given (the schema owner, so the app's own login need not own
 * anything; the login is then granted the application role), else over the app's own connection.
 */
export async function prepareDatabase(handle: Handle, migrationUrl?: string): Promise<void> {
  const { grantAppRoleTo, migrateDatabase } = await import("./migrate");
  if (handle.kind === "pglite" || !migrationUrl) return migrateDatabase(handle.db, handle.kind);
  const owner = await openDatabase(migrationUrl);
  try {
    await migrateDatabase(owner.db, "postgres");
    const [login] = resultRows<{ login: string }>(await handle.db.execute(sql`select current_user as login`));
    await grantAppRoleTo(owner.db, login!.login);
  } finally {
    await owner.close();
  }
}

/** Closes the process-wide database (tests and scripts). */
export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.vaultlineDb;
  globalForDb.vaultlineDb = undefined;
  if (pending) await (await pending).close();
}

type Scope = { tenantId?: string; userId?: string; invitationTokenHash?: string };

/**
 * Runs `fn` in a transaction as the application role, with the given scope settings local to the transaction.
 * Row-level security reads them; anything not set matches no tenant rows.
 */
async function asApp<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { db } = await database();
  return db.transaction((tx) =>
    // One statement, not two: `role` is a setting like the others (what SET LOCAL ROLE sets), and every statement is a
    // round trip on the request's critical path.
    before(
      tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${scope.tenantId ?? ""}, true),
        set_config('app.user_id', ${scope.userId ?? ""}, true),
        set_config('app.invitation_token_hash', ${scope.invitationTokenHash ?? ""}, true)`),
      () => fn(tx as Tx),
    ),
  );
}

/**
 * Sends `statement`, then starts `work` at once without waiting for its answer: the statements of one transaction
 * run in the order they are sent, so `work`'s see what `statement` did, and the first of them leaves in the same
 * packet (one round trip, one socket write, fewer). A failed `statement` fails the transaction, and so everything
 * after it; its own error is the one thrown.
 */
export async function before<T>(statement: PromiseLike<unknown>, work: () => Promise<T>): Promise<T> {
  // then() sends a Drizzle query; it must be called before `work` sends anything.
  const sent = statement.then(() => undefined);
  const [, result] = await Promise.all([sent, work()]);
  return result;
}

/** A transaction that sees one tenant's rows only (RLS), as the application role. */
export function withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asApp({ tenantId }, fn);
}

/** A transaction outside any tenant, as the application role: global tables only (the job engine's, the tenant directory). */
export function withGlobal<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asApp({}, fn);
}

/** A transaction outside any tenant: global tables, plus the user's own memberships across tenants. */
export function withUser<T>(userId: string | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asApp({ userId }, fn);
}

/** A transaction that can read the one invitation whose token hash is given (the invitee is not a member yet). */
export function withInvitation<T>(tokenHash: string, userId: string | undefined, fn: (tx: Tx) => Promise<T>) {
  return asApp({ invitationTokenHash: tokenHash, userId }, fn);
}

/** The rows of a raw `execute`: postgres-js answers an array of rows, PGlite an object holding them. */
export function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Switches an open transaction to another tenant (e.g. sign-up, after creating the tenant row). */
export async function enterTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}

/**
 * Narrows a user-scoped transaction to exactly what withTenant sees: this tenant's rows, and no longer the user's
 * rows in other tenants (a request looks its member up and then runs in one transaction).
 */
export function narrowToTenant(tx: Tx, tenantId: string): Promise<void> {
  // then() sends the statement at once (before() relies on that), where an await would send it a tick later.
  return tx.execute(sql`select set_config('app.user_id', '', true), set_config('app.tenant_id', ${tenantId}, true)`).then(() => undefined);
}

/**
 * Runs `fn` with the transaction also scoped to `userId` (rows only their owner may change, such as passkeys), then
 * gives it back the user scope it had: a tenant request's transaction has none, and must not keep one.
 */
export async function alsoAsUser<T>(tx: Tx, userId: string, fn: () => Promise<T>): Promise<T> {
  const previous = resultRows<{ id: string | null }>(await tx.execute(sql`select current_setting('app.user_id', true) as id`))[0]?.id ?? "";
  await enterUser(tx, userId);
  try {
    return await fn();
  } finally {
    await tx.execute(sql`select set_config('app.user_id', ${previous}, true)`);
  }
}

/** Scopes an open transaction to a user once it is known (e.g. after looking up a token). */
export async function enterUser(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.user_id', ${userId}, true)`);
}
