import { defineConfig } from "@playwright/test";
import { SERVER_NODE_FLAGS } from "./scripts/node-flags.mjs";
import { PLAYWRIGHT_REPORT } from "./scripts/test-failures";

/** The app's data directory in the suite; the flows read the operator's mailbox (account mail) in it. */
export const E2E_DATA_DIR = ".data-e2e";

/** E2E_PORT lets a second checkout run its suite beside this one. */
const port = Number(process.env.E2E_PORT ?? 3100);
const appUrl = `http://127.0.0.1:${port}`;
/** The same server by a name a browser accepts as a WebAuthn relying party (an IP address is not one). */
export const passkeyOrigin = `http://localhost:${port}`;

/** Debian's chromium, with the flags it needs on a headless, sandbox-less, offline CI machine. */
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
];

export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  retries: 0, // in CI too: a flaky end-to-end test is a bug to fix, not to retry
  forbidOnly: process.env.CI === "true",
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: PLAYWRIGHT_REPORT }]], // the JSON is what `npm test` sums failures up from
  use: {
    baseURL: process.env.E2E_BASE_URL ?? appUrl,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: chromiumArgs,
    },
  },
  // A production build against a fresh embedded PGlite data directory, so every run starts from nothing, served
  // by `npm start`'s server (it tells the app each request's TCP peer; `next start` cannot). E2E_REUSE_BUILD=1 serves
  // the build already in .next (re-running a few specs after a build); the build can take minutes on a busy machine.
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && ${process.env.E2E_REUSE_BUILD === "1" ? "" : "npx next build && "}node ${SERVER_NODE_FLAGS.join(" ")} scripts/start.mjs`,
    url: `${appUrl}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: "", // never a real database: embedded PGlite in .data-e2e
      VAULTLINE_DATA_DIR: E2E_DATA_DIR,
      VAULTLINE_MAIL_DIR: "", // the default, mail/ in the data directory, where the flows look
      PORT: String(port),
      NEXTAUTH_URL: appUrl,
      NEXTAUTH_SECRET: "vaultline-e2e-not-a-secret-0123456789abcdef",
      VAULTLINE_APP_URL: appUrl,
      // Browsers refuse an IP address as a WebAuthn relying party: passkeys are bound to localhost (tests/e2e/passkeys.spec.ts).
      VAULTLINE_PASSKEY_ORIGIN: passkeyOrigin,
      VAULTLINE_DEMO: "0",
      VAULTLINE_SIGNUPS_PER_IP_PER_HOUR: "100", // every spec signs up from 127.0.0.1; the default 10 would cap the suite
      NEXT_TELEMETRY_DISABLED: "1",
      VAULTLINE_AGENT_CHECKIN_SECONDS: "2", // the agent spec sees a stopped agent go offline after 3 missed intervals
    },
  },
});
