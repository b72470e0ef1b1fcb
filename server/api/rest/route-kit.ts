import "server-only";
import type { z } from "zod";
import type { ApiKeyScope } from "@/lib/api-keys";
import { roleAtLeast, type MemberRole } from "@/lib/validation";
import { withApiKey, type ApiScope } from "@/server/services/api-keys/authenticate-api-key";
import { audit } from "@/server/services/audit/record-audit-event";
import { AppError, ApprovalRequired, badInput } from "@/server/errors";
import { requestMeta } from "@/server/request-meta";
import { jsonBody, parseBody, statusOf } from "../json-input";
import { logUnexpected } from "@/server/log-unexpected";

/*
 * The REST API's route definitions and the one wrapper that serves them: bearer key → the key owner's scope →
 * validated input → a service call → JSON, with errors as RFC 9457 problem+json naming the field. The same
 * definitions feed the OpenAPI document (openapi.ts) and the authorization test.
 */

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

type AnyObject = z.ZodObject;

/** What a handler gets: the parsed path parameters, query and body, and the version an If-Match header named. */
export type RouteInput<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined> = {
  params: P extends AnyObject ? z.output<P> : Record<string, never>;
  query: Q extends AnyObject ? z.output<Q> : Record<string, never>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  version: number | undefined;
};

export type RestRoute<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  O = unknown,
> = {
  method: HttpMethod;
  /** OpenAPI style, under /api/v1: "/passwords/{id}". */
  path: string;
  summary: string;
  scope: ApiKeyScope;
  /** The least role the key's owner must hold: the rung of the tRPC procedure over the same service. */
  minRole?: MemberRole;
  params?: P;
  query?: Q;
  body?: B;
  /** The answer's schema; absent for 204. */
  response?: z.ZodType<O>;
  status?: 200 | 201 | 202 | 204;
  /** Updates name the version they were made on in If-Match (the ETag of the GET). */
  ifMatch?: boolean;
  /** The ETag of the answer (its version), for GETs and updates. */
  etag?: (output: O) => string;
  handle: (scope: ApiScope, input: RouteInput<P, Q, B>) => Promise<O>;
};

/** Keeps a route's types together where it is written; the registry stores them widened. */
export function defineRoute<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined, O>(
  route: RestRoute<P, Q, B, O>,
): RestRoute {
  return route as unknown as RestRoute;
}

const JSON_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

const titles: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  412: "Precondition failed",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal server error",
};

/** The problem type of a password that needs an approved access request first (RFC 9457 `type`). */
export const APPROVAL_REQUIRED_TYPE = "urn:vaultline:problem:approval-required";

type ProblemExtra = { field?: string; retryAfterSeconds?: number; type?: string; title?: string; requestAccess?: string };

/** An RFC 9457 problem document; `field` names the input at fault (a body property, query or path parameter, or header). */
export function problem(status: number, detail: string, extra: ProblemExtra = {}): Response {
  const headers: Record<string, string> = { ...JSON_HEADERS, "content-type": "application/problem+json" };
  if (extra.retryAfterSeconds) headers["retry-after"] = String(extra.retryAfterSeconds);
  const body = {
    type: extra.type ?? "about:blank",
    title: extra.title ?? titles[status] ?? "Error",
    status,
    detail,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.requestAccess ? { requestAccess: extra.requestAccess } : {}),
  };
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * The answer to a reveal (or TOTP code) of a password that needs approval: the service's refusal, and where a script
 * asks for a checkout (the request lands in the approvers' inbox; once approved, the same call works while it lasts).
 */
function approvalProblem(error: ApprovalRequired, passwordId: string | undefined): Response {
  const requestAccess = passwordId ? `/api/v1/passwords/${passwordId}/access-requests` : undefined;
  const how = requestAccess ? ` POST ${requestAccess} with a reason (and a ticketId if the policy asks); once an approver approves it, call again while the checkout lasts.` : "";
  return problem(403, `${error.message}${how}`, { type: APPROVAL_REQUIRED_TYPE, title: "Approval required", requestAccess });
}

/** An ETag for a record version; If-Match accepts it strong or weak. */
export const versionTag = (version: number) => `"${version}"`;

/** If-Match missing on an update: 428, so a script cannot overwrite blindly. */
class PreconditionRequired extends AppError {}

function ifMatchVersion(header: string | null): number {
  if (!header) throw new PreconditionRequired("BAD_REQUEST", "Send If-Match with the ETag of the version you edited (from GET).", "If-Match");
  const version = Number(/^(?:W\/)?"(\d+)"$/.exec(header.trim())?.[1]);
  if (!Number.isInteger(version) || version < 1) throw badInput("If-Match", 'If-Match must be an ETag such as "3".');
  return version;
}

const bearer = (headers: Headers) => headers.get("authorization")?.match(/^Bearer (\S+)$/)?.[1] ?? null;

/** The path parameters of `pathname` by the route's template ("/passwords/{id}"), read from the URL itself. */
function paramsOf(template: string, pathname: string): Record<string, string> {
  const names = template.split("/");
  const values = pathname.slice("/api/v1".length).split("/");
  return Object.fromEntries(names.flatMap((name, i) => (name.startsWith("{") ? [[name.slice(1, -1), decodeURIComponent(values[i] ?? "")]] : [])));
}

/**
 * Serves one route: the handler of its method, for Next's route runtime and for scripts/server.ts's direct path
 * (server/direct-routes.ts), which passes no route context, so the path parameters are read from the URL.
 */
export function serve(route: RestRoute) {
  return async (request: Request): Promise<Response> => {
    try {
      const meta = requestMeta(request.headers);
      const rawParams = paramsOf(route.path, new URL(request.url).pathname);
      // The key first: an anonymous or refused caller learns nothing about its input.
      const call = { token: bearer(request.headers), meta, need: route.scope, route: `${route.method} ${route.path}` };
      const output = await withApiKey(call, async (scope) => {
        if (route.minRole && !roleAtLeast(scope.member.role, route.minRole)) throw new AppError("FORBIDDEN", "The role of this API key's owner does not allow this.");
        const params = route.params ? parseBody(route.params, rawParams) : {};
        const query = route.query ? parseBody(route.query, Object.fromEntries(new URL(request.url).searchParams)) : {};
        const body = route.body ? parseBody(route.body, await jsonBody(request)) : undefined;
        const version = route.ifMatch ? ifMatchVersion(request.headers.get("if-match")) : undefined;
        const result = await route.handle(scope, { params, query, body, version } as RouteInput<AnyObject, AnyObject, z.ZodType>);
        // Writes and reveals are audited by their services; reads are audited here, refusals by withApiKey: every call
        // of a genuine key leaves a trace.
        if (route.method === "GET") await audit(scope, { action: "api.read", details: { route: `${route.method} ${route.path}`, ...stringValues(params) } });
        return result;
      });
      const headers: Record<string, string> = { ...JSON_HEADERS };
      if (route.etag) headers.etag = route.etag(output);
      if (route.status === 204) return new Response(null, { status: 204, headers });
      return Response.json(output, { status: route.status ?? 200, headers });
    } catch (error) {
      if (error instanceof ApprovalRequired) return approvalProblem(error, paramsOf(route.path, new URL(request.url).pathname).id);
      if (error instanceof AppError) {
        // A stale If-Match is an edit conflict (EditConflict names the version field): 412, as HTTP says.
        const status = error instanceof PreconditionRequired ? 428 : error.code === "CONFLICT" && error.field === "version" ? 412 : statusOf[error.code];
        return problem(status, error.message, { field: error.field, retryAfterSeconds: error.retryAfterSeconds });
      }
      logUnexpected(`rest api ${route.method} ${route.path}`, error);
      return problem(500, "The server could not handle this request.");
    }
  };
}

function stringValues(values: object): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
