import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Options, Sql } from "postgres";

/*
 * How a process reaches PostgreSQL: over its Unix socket where it can, else over TCP. On one machine a loopback TCP
 * write costs the sender most of a round trip's CPU (the kernel runs the receiving side of TCP in the sending call);
 * a Unix socket skips TCP altogether. The app (db/client.ts) and the benchmarks' floor (bench/floor-server.mts) both
 * connect through here, so both use the same transport.
 */

/** Where the Debian/Ubuntu and the upstream builds of PostgreSQL put their sockets. */
const SOCKET_DIRS = ["/var/run/postgresql", "/tmp"];
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
type Env = Record<string, string | undefined>;

/** A connection plan: the URL for postgres-js (without a libpq `host=` parameter) and the socket to try, if any. */
export type PostgresRoute = {
  url: string;
  /** The socket file to connect to; undefined: TCP to the URL's host. */
  socket?: string;
  /** Named by configuration (`DATABASE_SOCKET`, or `host=` in the URL): a failure to connect there is an error, no fallback. */
  explicit: boolean;
};

/** `dir` is a socket directory (its file is named after the port, as libpq names it) or the socket file itself. */
function socketFile(dirOrFile: string, port: string): string {
  const isDir = existsSync(dirOrFile) && statSync(dirOrFile).isDirectory();
  return isDir ? path.join(dirOrFile, `.s.PGSQL.${port}`) : dirOrFile;
}

/**
 * Which transport `url` should use. In order: `DATABASE_SOCKET=off` (TCP always), `DATABASE_SOCKET=<dir or file>`,
 * libpq's `?host=/dir` in the URL, then, for a URL on this machine (localhost, 127.0.0.1, ::1) without TLS settings, a
 * socket for its port found in /var/run/postgresql or /tmp (tried, with TCP as the fallback).
 */
export function postgresRoute(url: string, env: Env = process.env, socketDirs = SOCKET_DIRS): PostgresRoute {
  const configured = env.DATABASE_SOCKET?.trim();
  const parsed = URL.canParse(url) ? new URL(url) : null;
  // A URL WHATWG cannot read (several hosts, "h1:5432,h2:5432", for a failover pair) goes to postgres-js untouched, over TCP.
  if (!parsed) return configured && configured !== "off" ? { url, socket: socketFile(configured, "5432"), explicit: true } : { url, explicit: false };
  const port = parsed.port || "5432";
  const hostParam = parsed.searchParams.get("host");
  if (hostParam !== null) parsed.searchParams.delete("host"); // postgres-js would send it to the server as a setting
  // Rewritten only when something was taken out: the URL otherwise reaches the driver exactly as configured.
  const clean = hostParam === null ? url : parsed.href;
  if (configured === "off") return { url: clean, explicit: false };
  if (configured) return { url: clean, socket: socketFile(configured, port), explicit: true };
  if (hostParam?.startsWith("/")) return { url: clean, socket: socketFile(hostParam, port), explicit: true };
  const tls = ["ssl", "sslmode", "sslrootcert"].some((name) => parsed.searchParams.has(name));
  if (!LOOPBACK.has(parsed.hostname) || tls) return { url: clean, explicit: false };
  const found = socketDirs.map((dir) => path.join(dir, `.s.PGSQL.${port}`)).find((file) => existsSync(file));
  return { url: clean, socket: found, explicit: false };
}

/** A connected postgres-js client and how it connects ("unix socket <file>" or "tcp <host:port>"). */
export type PostgresConnection = { sql: Sql; transport: string };

/**
 * Opens a postgres-js client for `url` over the transport postgresRoute picks. A socket found on its own is proven
 * with one query first: where the server refuses it (pg_hba.conf asks for `peer` on local connections, say), the
 * client falls back to TCP, as a URL naming 127.0.0.1 asks.
 */
export async function connectPostgres(url: string, options: Options<Record<string, never>>, env: Env = process.env, socketDirs = SOCKET_DIRS): Promise<PostgresConnection> {
  const { default: postgres } = await import("postgres");
  const route = postgresRoute(url, env, socketDirs);
  const tcp = () => ({ sql: postgres(route.url, options), transport: `tcp ${URL.canParse(route.url) ? new URL(route.url).host : "(as in the URL)"}` });
  if (!route.socket) return tcp();
  const overSocket = postgres(route.url, { ...options, path: route.socket });
  const transport = `unix socket ${route.socket}`;
  if (route.explicit) return { sql: overSocket, transport };
  try {
    await overSocket`select 1`;
    return { sql: overSocket, transport };
  } catch (error) {
    await overSocket.end({ timeout: 1 }).catch(() => undefined);
    // The first line only: the driver's message may carry connection details, never the password.
    console.warn(`PostgreSQL over ${route.socket} failed (${String(error instanceof Error ? error.message : error).split("\n")[0]}); using TCP. DATABASE_SOCKET=off skips the try.`);
    return tcp();
  }
}
