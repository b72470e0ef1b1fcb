/**
 * The production server, which scripts/start.mjs (`npm start`) bundles and runs once the app is built.
 *
 * It serves through Next's request handler behind our own HTTP listener rather than `next start`, for one reason:
 * the app must know each request's TCP peer to tell a client's address from a forged X-Forwarded-For, and
 * `next start` keeps no trace of the peer once a client sends that header (server/request-meta.ts).
 */
import { createServer } from "node:http";
import next from "next";
import { serveDirect } from "../server/direct-routes";
import { PEER_HEADER, trustedProxies } from "../server/request-meta";

const port = Number(process.env.PORT ?? "3000");
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

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
