import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

/*
 * What a database handle is, apart from how one is opened (client.ts) or migrated (migrate.ts): both need these,
 * and the client starts the migration, so they live below both.
 */

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A transaction handle: what services receive, already scoped to a role and (usually) a tenant. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Handle = {
  db: Database;
  close: () => Promise<void>;
  kind: "pglite" | "postgres";
  /** How PostgreSQL is reached ("unix socket <file>", "tcp <host:port>"); "embedded" for PGlite. */
  transport?: string;
};

/** The database role the application queries as: no BYPASSRLS, and INSERT-only on audit_events. */
export const APP_ROLE = "vaultline_app";
