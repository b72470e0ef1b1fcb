import "server-only";
import { secureCookies, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/server/auth/next-auth";
import { appUrl } from "@/server/email/send-email";
import { SsoError } from "@/server/services/sso/sso-error";

/** Holds the pending OIDC sign-in (sealed) between start and callback; Lax, so the provider's redirect back carries it. */
export const PENDING_COOKIE = secureCookies ? "__Host-vaultline.sso" : "vaultline.sso";

/**
 * Holds the pending SAML sign-in. The IdP answers with a cross-site POST, which carries a cookie only when it is
 * SameSite=None (and so Secure); without https (development, loopback tests) the IdP is same-site and Lax does.
 */
export const SAML_PENDING_COOKIE = secureCookies ? "__Host-vaultline.sso-saml" : "vaultline.sso-saml";

export function cookie(name: string, value: string, maxAgeSeconds: number, sameSite: "Lax" | "None" = "Lax"): string {
  return [`${name}=${value}`, "Path=/", "HttpOnly", `SameSite=${sameSite}`, `Max-Age=${maxAgeSeconds}`, ...(secureCookies ? ["Secure"] : [])].join("; ");
}

export function samlPendingCookie(value: string, maxAgeSeconds: number): string {
  return cookie(SAML_PENDING_COOKIE, value, maxAgeSeconds, secureCookies ? "None" : "Lax");
}

/** The Set-Cookie for a pending sign-in of either protocol. */
export function pendingCookieFor(protocol: "oidc" | "saml", value: string, maxAgeSeconds: number): string {
  return protocol === "saml" ? samlPendingCookie(value, maxAgeSeconds) : cookie(PENDING_COOKIE, value, maxAgeSeconds);
}

export function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/**
 * How an SSO sign-in of either protocol ends in the browser: with the session cookie in its workspace, or on the
 * sign-in page saying why (an SsoError's code). `clearPending` empties the protocol's pending cookie either way: an
 * attempt is used once.
 */
export async function endSsoSignIn(clearPending: string, signIn: () => Promise<{ token: string; slug: string }>): Promise<Response> {
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", clearPending);
  try {
    const { token, slug } = await signIn();
    headers.append("set-cookie", cookie(SESSION_COOKIE, token, SESSION_MAX_AGE_SECONDS));
    headers.set("location", `${appUrl()}/${slug}`);
  } catch (error) {
    if (!(error instanceof SsoError)) throw error;
    headers.set("location", `${appUrl()}/login?sso_error=${error.code}`);
  }
  return new Response(null, { status: 303, headers });
}
