import { NextResponse, type NextRequest } from "next/server";
import { acceptsCrossSitePosts, crossSiteResponse } from "@/server/request-origin";

/**
 * Refuses cross-site state-changing requests (server/request-origin.ts), and sets security headers for every page:
 * a Content-Security-Policy with a fresh nonce per request (Next.js puts it on its own scripts), so no inline
 * script runs unless we rendered it. Styles may be inline (Next and Tailwind inject them); scripts may not.
 */
export function proxy(request: NextRequest) {
  // Before any route runs: every state-changing request (next-auth, pages, anything added later) is covered. The
  // tRPC route, which the matcher leaves out, makes the same check itself.
  const refusal = acceptsCrossSitePosts(request.nextUrl.pathname) ? null : crossSiteResponse(request);
  if (refusal) return refusal;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // Lets server layouts send a signed-out visitor to the login page and back to this exact page.
  requestHeaders.set("x-pathname", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("x-frame-options", "DENY");
  // Login URLs open in new tabs: never tell those sites which customer page the technician came from.
  response.headers.set("referrer-policy", "no-referrer");
  // Clipboard reading stays with our own origin: the copy of a secret reads it back to clear only its own value.
  response.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(), clipboard-read=(self)");
  if (request.nextUrl.protocol === "https:") {
    response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  }
  return response;
}

export const config = {
  // Not the device agents' API: it carries no cookie (a bearer secret, or an enrollment token in the body), so the
  // cross-site check has nothing to protect there, and its JSON answers set their own headers (server/api/agent-http.ts).
  // Running the proxy cost each check-in more CPU than the check-in's own work.
  // Nor the tRPC API: its route refuses cross-site requests itself (crossSiteResponse) and sets its own headers. The
  // proxy's Next middleware adapter cost a request more CPU than a reveal's own work.
  // Nor the import upload (app/api/imports): the proxy buffers a request's body, and cuts it at 10 MB; the route
  // refuses cross-site requests itself.
  // Nor the REST API (api/v1): like the agents', it is authenticated by a bearer key, never a cookie, and its answers
  // set their own headers (server/api/rest/route-kit.ts).
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/agent/|api/trpc/|api/imports/|api/v1/).*)" }],
};
