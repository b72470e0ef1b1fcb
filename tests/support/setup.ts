import { beforeAll, expect } from "vitest";
import { testDatabaseUrl, TEST_MASTER_KEY } from "./database-target";

const url = testDatabaseUrl();
if (url) {
  process.env.DATABASE_URL = url;
} else {
  delete process.env.DATABASE_URL;
  process.env.VAULTLINE_DATA_DIR = "memory://";
}
process.env.VAULTLINE_MASTER_KEY ??= TEST_MASTER_KEY;
process.env.VAULTLINE_APP_URL ??= "http://localhost:3000";
delete process.env.RESEND_API_KEY;

// Integration and security files open the database. Booting PGlite and migrating takes seconds, many on a busy
// machine: do it in a hook with its own budget, not inside the first test's timeout.
beforeAll(async () => {
  const file = expect.getState().testPath ?? "";
  if (!/[/\\]tests[/\\](integration|security)[/\\]/.test(file)) return;
  const { database } = await import("@/db/client");
  await database();
}, 120_000);
