import path from "node:path";
import { sql } from "drizzle-orm";
import { APP_ROLE, type Database } from "./database";

const migrationsFolder = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");

/**
 * Applies the committed drizzle-kit migrations, then the hardening that must hold for every table, new ones
 * included: the application role exists without BYPASSRLS, RLS is FORCEd wherever it is enabled, and the role
 * may only append to audit_events. An advisory lock keeps concurrent app instances from migrating twice.
 */
export async function migrateDatabase(db: Database, kind: "pglite" | "postgres"): Promise<void> {
  await db.execute(sql`select pg_advisory_lock(727274)`);
  try {
    if (kind === "pglite") {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(db as never, { migrationsFolder });
    } else {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      await migrate(db as never, { migrationsFolder });
    }
    await harden(db);
  } finally {
    await db.execute(sql`select pg_advisory_unlock(727274)`);
  }
}

async function harden(db: Database) {
  await db.execute(
    sql.raw(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
        create role ${APP_ROLE} nologin nobypassrls;
      end if;
    end $$`),
  );
  await db.execute(
    sql.raw(`do $$ declare r record; begin
      for r in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity and not c.relforcerowsecurity loop
        execute format('alter table %I force row level security', r.relname);
      end loop;
    end $$`),
  );
  await db.execute(sql.raw(`grant usage on schema public to ${APP_ROLE}`));
  await db.execute(sql.raw(`grant select, insert, update, delete on all tables in schema public to ${APP_ROLE}`));
  await db.execute(sql.raw(`grant usage, select on all sequences in schema public to ${APP_ROLE}`));
  await db.execute(sql.raw(`revoke update, delete, truncate on audit_events, audit_seals, audit_keys from ${APP_ROLE}`));
}

/**
 * With separate URLs (the owner migrates, the app connects as a less privileged login), the app's login must be able
 * to `set role` to the application role: grant it membership, once it exists.
 */
export async function grantAppRoleTo(db: Database, login: string): Promise<void> {
  await db.execute(sql.raw(`grant ${APP_ROLE} to "${login.replaceAll('"', '""')}"`));
}
