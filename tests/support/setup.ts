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
