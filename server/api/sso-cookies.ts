import "server-only";
import { secureCookies } from "@/server/auth/next-auth";

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
