import "server-only";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { APP_NAME } from "@/lib/app-identity";
import { apiKeyScopeLabels } from "@/lib/api-keys";
import { restRoutes } from "./registry";
import type { RestRoute } from "./route-kit";
import { zProblem } from "./schemas";

/*
 * The OpenAPI 3.1 document of /api/v1, generated from the route definitions and their zod schemas: what the API
 * validates is what it documents.
 */

const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: zProblem } } });

function operation(route: RestRoute): ZodOpenApiOperationObject {
  const success = route.status === 204 || !route.response
    ? { description: "Done." }
    : { description: "OK", content: { "application/json": { schema: route.response } } };
  const etag = route.etag ? { headers: { ETag: { description: "The version, for If-Match.", schema: { type: "string" as const } } } } : {};
  return {
    summary: route.summary,
    description: `Needs an API key with the ${route.scope} scope: ${apiKeyScopeLabels[route.scope]}.${route.minRole ? ` The key's owner must be at least ${route.minRole}.` : ""}`,
    security: [{ apiKey: [] }],
    requestParams: {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
    },
    ...(route.ifMatch ? { parameters: [{ in: "header" as const, name: "If-Match", required: true, schema: { type: "string" as const }, description: 'The ETag of the version edited, e.g. "3".' }] } : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: route.body } } } } : {}),
    responses: {
      [String(route.status ?? 200)]: { ...success, ...etag },
      "400": problemResponse("The input is invalid; `field` names it."),
      "401": problemResponse("No key, or a key that is unknown, revoked, expired or whose owner was deactivated."),
      "403": problemResponse("The key lacks the scope, is used from an address outside its allow-list, or the owner may not do this (e.g. approval required)."),
      "404": problemResponse("Not found, or not visible to this key."),
      "409": problemResponse("In conflict with the current state: e.g. a rotation already running, an open access request, an ambiguous lookup."),
      "429": problemResponse("Rate limited; see Retry-After."),
      ...(route.ifMatch ? { "412": problemResponse("The version in If-Match is not the current one."), "428": problemResponse("If-Match is missing.") } : {}),
    },
  };
}

let built: ReturnType<typeof createDocument> | undefined;

/** The document (built once per process). */
export function openApiDocument() {
  if (built) return built;
  const paths: ZodOpenApiPathsObject = {};
  for (const route of restRoutes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as "get" | "post" | "patch" | "delete"] = operation(route);
  }
  built = createDocument({
    openapi: "3.1.0",
    info: { title: `${APP_NAME} REST API`, version: "1.0.0", description: "Applications and scripts fetch and manage passwords with an API key (Settings → API keys)." },
    servers: [{ url: "/api/v1" }],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer vl_live_…" } } },
    paths,
  });
  return built;
}
