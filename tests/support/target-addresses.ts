import { createServer, type Socket, connect as tcpConnect } from "node:net";

/* How the connector tests point a connector at the throwaway targets of targets.ts, which listen on 127.0.0.1. */

export const LOOPBACK = "127.0.0.1";

/** A loopback port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * A TCP relay listening on [::1] to a service on 127.0.0.1, so a test can make a connector dial an IPv6 address
 * (the throwaway services listen on 127.0.0.1 only, and restarting them would pull them from under other tests).
 */
export async function ipv6Relay(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = tcpConnect({ host: LOOPBACK, port });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once("close", () => open.delete(socket));
    }
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "::1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What the connectors receive: the loopback address already checked, as resolveTarget would return it. */
export function loopbackTarget(port: number, options: Record<string, unknown>) {
  return { host: LOOPBACK, address: LOOPBACK, port, options };
}

/** The same over IPv6 loopback (through an ipv6Relay's port). */
export function ipv6LoopbackTarget(port: number, options: Record<string, unknown>) {
  return { host: "::1", address: "::1", port, options };
}
