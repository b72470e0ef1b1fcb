import type { IncomingMessage, ServerResponse } from "node:http";
import type { AfterResponse } from "./request-meta";
import { logUnexpected } from "./log-unexpected";

/*
 * Route handlers that scripts/server.ts calls straight from its node:http listener, without Next's route runtime: for
 * the tRPC and agent APIs that runtime (NextRequest, the route module's wrapper, web streams piped to the socket) cost
 * a request more CPU than its own work. A handler stays its route module's own: the module registers it when Next
 * first loads it (so that first request is Next's), and the app keeps one instance of its modules (one PGlite, one
 * job engine). Without scripts/server.ts (`next dev`, tests) nothing calls the registry and Next serves every request.
 * Unlike Next, this path does not gzip answers (nor add Next's page `Vary` values): the APIs' JSON is small, the CPU
 * is what this path saves, and a proxy in front may compress.
 *
 * No "server-only" here: scripts/server.ts imports this file outside Next's bundle, so the registry lives on
 * globalThis, where both copies of this module find it.
 */

/** A fetch-style route handler; `afterResponse` runs work once the response has been sent. */
export type DirectRoute = (request: Request, afterResponse: AfterResponse) => Promise<Response>;

/** A route's path as its folders name it ("/api/trpc/[trpc]": a bracketed segment stands for any one segment). */
type Registered = { segments: string[]; methods: ReadonlySet<string>; route: DirectRoute };

const shared = globalThis as unknown as { vaultlineDirectRoutes?: Map<string, Registered> };
const registry = (shared.vaultlineDirectRoutes ??= new Map());

/** Registers a route module's handler for these methods; the other methods stay Next's (HEAD, OPTIONS, 405). */
export function serveDirectly(path: string, methods: readonly string[], route: DirectRoute): void {
  registry.set(path, { segments: path.split("/"), methods: new Set(methods), route });
}

function matches(pattern: string[], pathname: string): boolean {
  const segments = pathname.split("/");
  return segments.length === pattern.length && pattern.every((p, i) => segments[i] === p || (p.startsWith("[") && segments[i] !== ""));
}

const bracketed = (segments: string[]) => segments.filter((s) => s.startsWith("[")).length;

/**
 * The registered handler for this method and path, if any; a literal segment wins over a bracketed one, as in Next
 * ("/api/v1/passwords/lookup" before "/api/v1/passwords/[id]").
 */
function directRoute(method: string, pathname: string): DirectRoute | undefined {
  let best: Registered | undefined;
  for (const entry of registry.values()) {
    if (entry.methods.has(method) && matches(entry.segments, pathname) && (!best || bracketed(entry.segments) < bracketed(best.segments))) best = entry;
  }
  return best?.route;
}

/** A failure of work run after the response is not the response's: logged and otherwise dropped, since nobody waits for it. */
export function runQuietly(task: () => Promise<void>): Promise<void> {
  return task().catch((error: unknown) => logUnexpected("after-response", error));
}

async function bodyOf(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>;
}

function requestOf(req: IncomingMessage, body: Uint8Array<ArrayBuffer> | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  return new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`), { method: req.method, headers, body });
}

/**
 * Serves the request with its registered handler and answers true, or answers false (and touches nothing) when no
 * handler is registered for its method and path. A handler's throw is the caller's to answer.
 */
export async function serveDirect(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const pathname = (req.url ?? "/").split("?", 1)[0]!;
  const route = directRoute(req.method ?? "GET", pathname);
  if (!route) return false;
  const later: (() => Promise<void>)[] = [];
  const response = await route(requestOf(req, await bodyOf(req)), (task) => void later.push(task));
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  res.end(body, () => {
    for (const task of later) void runQuietly(task);
  });
  return true;
}
