/**
 * Which database the tests run on: real PostgreSQL when TEST_DATABASE_URL is set (CI), else in-memory PGlite.
 * A test database must be on this machine: the suite drops and recreates its schema.
 */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return undefined;
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`TEST_DATABASE_URL must point at a local database (got host ${host}); the tests wipe it`);
  }
  return url;
}

/** A fixed master key for test runs, so every worker can open what another worker sealed. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString("base64");
