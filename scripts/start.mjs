/**
 * `npm start`: builds the app on first run (or with --rebuild), then serves it (scripts/server.ts). The server
 * migrates the database and seeds the demo workspace itself on start-up (instrumentation.ts).
 *
 * Plain JavaScript run by plain node, on purpose: a TypeScript loader (tsx) in the server's process costs it about
 * 100 MB of RSS for good — its loader thread, and the source maps of every chunk Next loads, which it makes Node parse
 * and keep. So scripts/server.ts is bundled with esbuild at each start (a fraction of a second) and imported here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { SERVER_NODE_FLAGS } from "./node-flags.mjs";

const missing = SERVER_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
if (missing.length > 0) {
  console.error(`The server needs node's flags ${missing.join(" ")} (V8 reads them only at start-up): run \`npm start\`.`);
  process.exit(1);
}

process.env.NEXT_TELEMETRY_DISABLED = "1";
// "production" before Next loads: React and Next pick their production builds from it.
Object.assign(process.env, { NODE_ENV: "production" });

if (!existsSync(".next/BUILD_ID") || process.argv.includes("--rebuild")) {
  console.log("Building Vaultline (first start only; `npm start -- --rebuild` rebuilds)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const SERVER_BUNDLE = ".next/vaultline-server.mjs";
const esbuild = createRequire(import.meta.url).resolve("esbuild/bin/esbuild");
// Written aside, then renamed: another start in this directory never imports half a file.
// Run as a program: esbuild's install leaves there either its native binary or a node script that runs it.
const bundled = spawnSync(
  esbuild,
  ["scripts/server.ts", "--bundle", "--platform=node", "--format=esm", "--packages=external", "--log-level=warning", `--outfile=${SERVER_BUNDLE}.${process.pid}`],
  { stdio: "inherit" },
);
if (bundled.status !== 0) process.exit(bundled.status ?? 1);
renameSync(`${SERVER_BUNDLE}.${process.pid}`, SERVER_BUNDLE);
await import(pathToFileURL(SERVER_BUNDLE).href);
