/**
 * `npm start`: builds the app on first run (or with --rebuild), then serves it with `next start`. The server
 * migrates the database and seeds the demo workspace itself on start-up (instrumentation.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const port = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
};

if (!existsSync(".next/BUILD_ID") || process.argv.includes("--rebuild")) {
  console.log("Building Vaultline (first start only; `npm start -- --rebuild` rebuilds)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn("npx", ["next", "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
