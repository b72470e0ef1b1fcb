import { testDatabaseUrl } from "./database-target";

/** On real PostgreSQL: start from an empty schema and migrate once, before the workers start. */
export default async function globalSetup() {
  const url = testDatabaseUrl();
  if (!url) return;
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe("drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;");
  await sql.end();
  process.env.DATABASE_URL = url;
  const { database, closeDatabase } = await import("../../db/client");
  await database();
  await closeDatabase();
}
