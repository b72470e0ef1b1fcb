import "server-only";
import { ZodError } from "zod";
import { ssoErrorMessages, ssoStartInput } from "@/lib/sso";
import { requestMeta } from "@/server/request-meta";
import { cookie, cookieValue, endSsoSignIn, PENDING_COOKIE, pendingCookieFor } from "./sso-cookies";
import { SsoError } from "@/server/services/sso/sso-error";
import { finishSsoLogin, startSsoLogin } from "@/server/services/sso/sso-login";

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

/**
 * POST /api/sso/start {workspace} or {email}: answers the provider's authorization URL for the page to navigate to
 * (a form's redirect to another site would trip the CSP's form-action), and sets the pending sign-in cookie.
 */
export async function ssoStart(request: Request): Promise<Response> {
  try {
    const input = ssoStartInput.parse(await request.json());
    const { url, cookie: pending, maxAgeSeconds, protocol } = await startSsoLogin(input);
    return json({ url }, 200, { "set-cookie": pendingCookieFor(protocol, pending, maxAgeSeconds) });
  } catch (error) {
    if (error instanceof SsoError) return json({ error: ssoErrorMessages[error.code] }, 400);
    if (error instanceof ZodError || error instanceof SyntaxError) return json({ error: "Enter your workspace or work email." }, 400);
    throw error;
  }
}

/**
 * GET /api/sso/callback: where the provider sends the browser back. On success the browser gets a session cookie
 * exactly like a password sign-in's and lands in the workspace; otherwise the sign-in page says why, in general terms.
 * The pending cookie is cleared either way: an attempt is used once.
 */
export function ssoCallback(request: Request): Promise<Response> {
  return endSsoSignIn(cookie(PENDING_COOKIE, "", 0), () =>
    finishSsoLogin(new URL(request.url), cookieValue(request, PENDING_COOKIE), requestMeta(request.headers)),
  );
}
