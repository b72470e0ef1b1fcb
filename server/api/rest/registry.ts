import "server-only";
import type { HttpMethod, RestRoute } from "./route-kit";
import { serve } from "./route-kit";
import { auditRoutes } from "./routes/audit";
import { customerRoutes } from "./routes/customers";
import { holderRoutes } from "./routes/holders";
import { passwordRoutes } from "./routes/passwords";

/** Every REST route under /api/v1: what the route files serve, the OpenAPI document describes and the tests enumerate. */
export const restRoutes: readonly RestRoute[] = [...customerRoutes, ...holderRoutes, ...passwordRoutes, ...auditRoutes];

/** The Next route handlers of one path ("/passwords/{id}"), by method, for its app/api/v1 route file. */
export function handlersFor(path: string): Partial<Record<HttpMethod, ReturnType<typeof serve>>> {
  const routes = restRoutes.filter((r) => r.path === path);
  if (routes.length === 0) throw new Error(`No REST route is defined at ${path}.`);
  return Object.fromEntries(routes.map((r) => [r.method, serve(r)]));
}
