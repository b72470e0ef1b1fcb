import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { database, dataDir } from "@/db/client";
import { assertSafeDatabaseRole } from "@/db/role-guard";
import { masterKey } from "@/server/crypto";
import { userMailDelivery } from "@/server/email/send-email";
import { jobsMode, startJobs } from "@/server/jobs/engine";
import { seedDemoWorkspace } from "@/server/services/demo/seed-demo";
import { bindLegacyPasswords } from "@/server/services/vault/bind-legacy-passwords";
import { logUnexpected } from "./log-unexpected";

/**
 * Migrates, checks the master key, seeds the demo workspace on an empty database, and says
 * where to go.
 */
export async function startServer(): Promise<void> {
  const started = Date.now();
  const { db, kind, transport } = await database();
  // Embedded PGlite has one (superuser) login by nature; every transaction still runs as the application role.
  if (kind === "postgres") await assertSafeDatabaseRole(db);
  masterKey(); // fail at start, not at the first secret, when VAULTLINE_MASTER_KEY is malformed
  const url = process.env.VAULTLINE_APP_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const lines = [`Vaultline is ready at ${url} (${kind === "pglite" ? `embedded PGlite in ${dataDir()}` : `PostgreSQL over ${transport}`}, ${Date.now() - started} ms)`];

  // The demo workspace is for a fresh embedded install; a PostgreSQL deployment gets one only when asked.
  const demo = process.env.VAULTLINE_DEMO ? process.env.VAULTLINE_DEMO === "1" : kind === "pglite";
  if (demo) {
    const loginFile = path.join(dataDir(), "demo-login.txt");
    const seeded = await seedDemoWorkspace();
    if (seeded) {
      // Kept beside the data (0600) so a restart can show the demo login again.
      writeFileSync(loginFile, `${seeded.email}\n${seeded.password}\n/${seeded.slug}\n`, { mode: 0o600 });
      chmodSync(loginFile, 0o600);
    }
    const saved = seeded ?? (existsSync(loginFile) ? parseLogin(readFileSync(loginFile, "utf8")) : null);
    if (saved) {
      lines.push(`Demo workspace "Demo MSP": ${url}/${saved.slug}`, `  sign in as ${saved.email} with password ${saved.password}`);
    }
  }
  await startJobs();
  // Passwords sealed before seals were bound to their version: re-sealed in the background, once.
  void bindLegacyPasswords()
    .then((bound) => bound > 0 && console.log(`Bound ${bound} stored password(s) to their versions.`))
    .catch((error: unknown) => logUnexpected("startup: binding stored passwords to their versions", error));
  lines.push(
    jobsMode() === "inngest"
      ? "Background jobs: Inngest (functions served at /api/inngest)"
      : "Background jobs: embedded runner in this process (set INNGEST_EVENT_KEY or INNGEST_DEV to use Inngest)",
  );
  const mail = userMailDelivery();
  lines.push(
    ...(mail.kind === "resend"
      ? ["Email: through Resend (workspace notifications are also kept in each workspace's outbox)"]
      : [
          "Email: no provider (set RESEND_API_KEY to send mail). Account mail (sign-up, password reset and invitation links)",
          `  is kept for the operator only, in ${mail.dir}: read it with \`npm run mail\``,
        ]),
  );
  console.log(`\n${lines.join("\n")}\n`);
}

function parseLogin(text: string) {
  const [email, password, slugPath] = text.trim().split("\n");
  return email && password && slugPath ? { email, password, slug: slugPath.replace(/^\//, "") } : null;
}
