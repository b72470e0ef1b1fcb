import { sql } from "drizzle-orm";
import { APP_ROLE, resultRows, type Database } from "./client";

/** Set to 1 to run as a privileged PostgreSQL role anyway (development only): the risk is the operator's. */
export const ALLOW_PRIVILEGED_ROLE = "VAULTLINE_ALLOW_PRIVILEGED_DB_ROLE";

type RoleFacts = { role: string; superuser: boolean; bypassRls: boolean; ownsAudit: boolean; member: boolean };

/**
 * Refuses to serve as a PostgreSQL role that could step around row-level security or rewrite the audit trail: a
 * superuser, a BYPASSRLS role, or the owner of the audit tables (an owner can lift FORCE and UPDATE them). Every
 * transaction runs `set role vaultline_app`, but one injected `reset role` would undo that for such a login. The app
 * should connect as a login that is only a member of vaultline_app, with the owner in DATABASE_MIGRATION_URL.
 */
export async function assertSafeDatabaseRole(db: Database, env: Record<string, string | undefined> = process.env): Promise<void> {
  const [facts] = resultRows<RoleFacts>(
    await db.execute(sql`select r.rolname as role, r.rolsuper as superuser, r.rolbypassrls as "bypassRls",
      coalesce((select c.relowner = r.oid from pg_class c where c.oid = to_regclass('public.audit_events')), false) as "ownsAudit",
      pg_has_role(r.oid, ${APP_ROLE}, 'MEMBER') as member
      from pg_roles r where r.rolname = current_user`),
  );
  if (!facts) throw new Error("Could not read the database role Vaultline connects as.");
  const risks = [
    facts.superuser && "it is a superuser",
    facts.bypassRls && "it has BYPASSRLS",
    facts.ownsAudit && "it owns the audit tables",
  ].filter(Boolean);
  if (risks.length > 0) {
    const why = `Vaultline connects to PostgreSQL as "${facts.role}", and ${risks.join(", ")}: it could bypass row-level security or rewrite the audit trail.`;
    if (env[ALLOW_PRIVILEGED_ROLE] === "1") {
      console.warn(`\n!!! ${why} Running anyway because ${ALLOW_PRIVILEGED_ROLE}=1.\n`);
      return;
    }
    throw new Error(
      `${why} Connect DATABASE_URL as a login that is only a member of ${APP_ROLE} (CREATE ROLE vaultline_web LOGIN PASSWORD '…'), ` +
        `put the schema owner in DATABASE_MIGRATION_URL (Vaultline grants ${APP_ROLE} to the login when it migrates), ` +
        `or set ${ALLOW_PRIVILEGED_ROLE}=1 to accept the risk (development only).`,
    );
  }
  if (!facts.member) throw new Error(`The database login "${facts.role}" is not a member of ${APP_ROLE}: grant it (GRANT ${APP_ROLE} TO "${facts.role}").`);
}
