import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { testDatabaseUrl } from "./database-target";

/**
 * Gives the run a private operator mailbox (account mail: sign-up, reset and invitation links), which the workers
 * inherit and the teardown removes; on real PostgreSQL, also starts from an empty schema migrated once, before
 * the workers start.
 */
export default async function globalSetup() {
  const mailDir = await mkdtemp(path.join(tmpdir(), "vaultline-test-mail-"));
  process.env.VAULTLINE_MAIL_DIR = mailDir;
  const teardown = () => rm(mailDir, { recursive: true, force: true });
  const url = testDatabaseUrl();
  if (!url) return teardown;
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe("drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;");
  await sql.end();
  process.env.DATABASE_URL = url;
  const { database, closeDatabase } = await import("../../db/client");
  await database();
  await closeDatabase();
  return teardown;
}
