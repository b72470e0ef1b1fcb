/**
 * `npm start`: builds the app on first run (or with --rebuild), then serves it. The server migrates the database
 * and seeds the demo workspace itself on start-up (instrumentation.ts).
 *
 * It serves through Next's request handler behind our own HTTP listener rather than `next start`, for one reason:
 * the app must know each request's TCP peer to tell a client's address from a forged X-Forwarded-For, and
 * `next start` keeps no trace of the peer once a client sends that header (server/request-meta.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import next from "next";
import { serveDirect } from "../server/direct-routes";
import { PEER_HEADER, trustedProxies } from "../server/request-meta";

const port = Number(process.env.PORT ?? "3000");
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
process.env.NEXT_TELEMETRY_DISABLED = "1";
// "production" before Next loads: React and Next pick their production builds from it.
Object.assign(process.env, { NODE_ENV: "production" });

if (!existsSync(".next/BUILD_ID") || process.argv.includes("--rebuild")) {
  console.log("Building Vaultline (first start only; `npm start -- --rebuild` rebuilds)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

trustedProxies(); // a malformed VAULTLINE_TRUSTED_PROXIES stops the server here, not at its first request
const app = next({ dev: false, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  // Always overwritten: a client-sent value of this header must never reach the app.
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  // The tRPC and agent APIs skip Next's route runtime once their route module has registered (server/direct-routes.ts).
  serveDirect(req, res)
    .then(async (served) => {
      if (!served) await handle(req, res);
    })
    .catch((error: unknown) => {
      console.error(`[server] ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
});
server.listen(port, () => console.log(`Listening on port ${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
