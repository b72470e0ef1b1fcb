import "server-only";
import type { HttpMethod, RestRoute } from "./route-kit";
import { serveDirectly } from "@/server/direct-routes";
import { serve } from "./route-kit";
import { accessRoutes } from "./routes/access";
import { auditRoutes } from "./routes/audit";
import { customerRoutes } from "./routes/customers";
import { holderRoutes } from "./routes/holders";
import { passwordRoutes } from "./routes/passwords";
import { rotationRoutes } from "./routes/rotations";

/** Every REST route under /api/v1: what the route files serve, the OpenAPI document describes and the tests enumerate. */
export const restRoutes: readonly RestRoute[] = [...customerRoutes, ...holderRoutes, ...passwordRoutes, ...accessRoutes, ...rotationRoutes, ...auditRoutes];

/**
 * The route handlers of one path ("/passwords/{id}"), by method, for its app/api/v1 route file; registered too for
 * scripts/server.ts to serve them without Next's route runtime (server/direct-routes.ts), as the agent API is.
 */
export function handlersFor(path: string): Partial<Record<HttpMethod, ReturnType<typeof serve>>> {
  const routes = restRoutes.filter((r) => r.path === path);
  if (routes.length === 0) throw new Error(`No REST route is defined at ${path}.`);
  const handlers: Partial<Record<HttpMethod, ReturnType<typeof serve>>> = Object.fromEntries(routes.map((r) => [r.method, serve(r)]));
  const byMethod = new Map(Object.entries(handlers));
  serveDirectly(`/api/v1${path.replace(/\{(\w+)\}/g, "[$1]")}`, [...byMethod.keys()], (request) => byMethod.get(request.method)!(request));
  return handlers;
}
