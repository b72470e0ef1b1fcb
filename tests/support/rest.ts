import { readdirSync } from "node:fs";
import path from "node:path";
import * as auditEvents from "@/app/api/v1/audit-events/route";
import * as contacts from "@/app/api/v1/contacts/route";
import * as contact from "@/app/api/v1/contacts/[id]/route";
import * as customers from "@/app/api/v1/customers/route";
import * as customer from "@/app/api/v1/customers/[id]/route";
import * as devices from "@/app/api/v1/devices/route";
import * as device from "@/app/api/v1/devices/[id]/route";
import * as passwords from "@/app/api/v1/passwords/route";
import * as lookup from "@/app/api/v1/passwords/lookup/route";
import * as password from "@/app/api/v1/passwords/[id]/route";
import * as reveal from "@/app/api/v1/passwords/[id]/reveal/route";
import * as totp from "@/app/api/v1/passwords/[id]/totp/route";
import * as restore from "@/app/api/v1/passwords/[id]/restore/route";
import * as rotations from "@/app/api/v1/passwords/[id]/rotations/route";
import * as accessRequests from "@/app/api/v1/passwords/[id]/access-requests/route";
import * as access from "@/app/api/v1/passwords/[id]/access/route";
import * as rotationRun from "@/app/api/v1/rotations/[runId]/route";

/*
 * Calls the REST API through its real Next route handlers (Request in, Response out), by the OpenAPI path of a route.
 */

type Handler = (request: Request) => Promise<Response>;

/** The route module serving each documented path. */
export const ROUTE_MODULES: Record<string, Record<string, unknown>> = {
  "/customers": customers,
  "/customers/{id}": customer,
  "/contacts": contacts,
  "/contacts/{id}": contact,
  "/devices": devices,
  "/devices/{id}": device,
  "/passwords": passwords,
  "/passwords/lookup": lookup,
  "/passwords/{id}": password,
  "/passwords/{id}/reveal": reveal,
  "/passwords/{id}/totp": totp,
  "/passwords/{id}/restore": restore,
  "/passwords/{id}/rotations": rotations,
  "/passwords/{id}/access-requests": accessRequests,
  "/passwords/{id}/access": access,
  "/rotations/{runId}": rotationRun,
  "/audit-events": auditEvents,
};

/** The OpenAPI paths of the route files under app/api/v1 ("[id]" read as "{id}"), the document itself left out. */
export function routeFilePaths(dir = path.join(process.cwd(), "app/api/v1"), prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routeFilePaths(path.join(dir, entry.name), `${prefix}/${entry.name.replace(/^\[(.+)\]$/, "{$1}")}`);
    return entry.name === "route.ts" && prefix !== "/openapi.json" ? [prefix] : [];
  });
}

export type RestRequest = {
  key?: string | null;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** The caller's address (the peer address scripts/server.ts passes on). */
  ip?: string;
};

export type RestResponse = { status: number; body: unknown; headers: Headers };

/** Calls `method path` with an API key, as a script would. */
export async function rest(method: string, apiPath: string, request: RestRequest = {}): Promise<RestResponse> {
  const handler = ROUTE_MODULES[apiPath]?.[method] as Handler | undefined;
  if (!handler) throw new Error(`No route module serves ${method} ${apiPath}.`);
  const params = request.params ?? {};
  const url = new URL(`http://localhost/api/v1${apiPath.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "")}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { "x-vaultline-peer": request.ip ?? "127.0.0.1", ...request.headers };
  if (request.key) headers.authorization = `Bearer ${request.key}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(new Request(url, { method, headers, body: request.body === undefined ? undefined : JSON.stringify(request.body) }));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}
