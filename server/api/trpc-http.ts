import "server-only";
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { SESSION_COOKIE } from "@/server/auth/next-auth";
import { requestMeta, type AfterResponse } from "@/server/request-meta";
import { crossSiteResponse } from "@/server/request-origin";
import { appRouter } from "@/server/routers";
import { retryAfterSeconds } from "@/server/trpc";

/**
 * Responses may carry secrets (TOTP set-up, backup codes, revealed passwords): never cached, never sniffed as another
 * type, and no referrer. (The page headers of proxy.ts, CSP and framing, mean nothing for JSON.)
 */
const API_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

/**
 * The tRPC API over HTTP (app/api/trpc/[trpc]), served by Next's route or straight by scripts/server.ts
 * (server/direct-routes.ts): the same checks and answers either way.
 */
export function handleTrpc(req: Request, afterResponse: AfterResponse): Promise<Response> | Response {
  // proxy.ts does not run for this route (its matcher leaves it out, for speed): the cross-site check is made here.
  const crossSite = crossSiteResponse(req);
  if (crossSite) return crossSite;
  // Our client sends JSON only. Forms and text/plain are what another site can send without a CORS preflight (and
  // tRPC would take a multipart body as FormData input), so mutations in any other body are refused outright.
  if (req.method === "POST" && !req.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return new Response("Send the body as JSON (Content-Type: application/json).", { status: 415, headers: API_HEADERS });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // The cookie's token goes to the procedure, which resolves it inside the request's own transaction.
    createContext: async () => {
      const token = new RequestCookies(req.headers).get(SESSION_COOKIE)?.value;
      // One batch map per HTTP request: its procedures resolve the session and membership once (server/trpc.ts).
      return { session: token ? { token } : null, meta: requestMeta(req.headers), afterResponse, batch: new Map() };
    },
    responseMeta: ({ errors }) => {
      const headers = new Headers(API_HEADERS);
      const wait = retryAfterSeconds(errors);
      if (wait) headers.set("retry-after", String(wait));
      return { headers };
    },
  });
}
