import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveDirect } from "@/server/direct-routes";
import { PEER_HEADER } from "@/server/request-meta";
// Loading the route modules registers their handlers for the direct path (server/api/rest/registry.ts).
import "./rest";

/*
 * The REST API over real HTTP on loopback, for clients that must speak HTTP (the CLI): node:http in front of the very
 * handlers the app serves, through the direct path scripts/server.ts uses, with the peer header it sets.
 */

export type RestServer = { url: string; close: () => Promise<void> };

export async function startRestServer(): Promise<RestServer> {
  const server = createServer((req, res) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    serveDirect(req, res)
      .then((served) => {
        if (!served) res.writeHead(404, { "content-type": "text/plain" }).end("No REST route here.");
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
