/**
 * Cross-site request forgery: a page on another site can make a visitor's browser send a POST here, and the
 * browser attaches our session cookie to it (SameSite=Lax stops that for cross-site POSTs in current browsers, but
 * not from a sibling subdomain, and not in every browser). Browsers say where such a request comes from in
 * Sec-Fetch-Site and Origin, which no page can set; the app refuses every state-changing request they mark as
 * coming from anywhere but its own origin. A request with neither header does not come from a browser, so it
 * carries no victim's cookie: the device agents, Inngest and other token-authenticated callers pass for that reason,
 * with no list of exempt routes to keep up to date.
 */

/**
 * The one endpoint that other sites post to by design: a SAML IdP's HTTP-POST binding answers at the ACS from the
 * IdP's page. It acts on no session: it signs in only with the browser's sealed pending request and an assertion
 * signed by the workspace's IdP in answer to that very request (server/services/sso/saml-login.ts).
 */
const SAML_ACS_PATH = /^\/api\/sso\/saml\/[^/]+\/acs$/;

/** Whether a path takes cross-site posts by design (the SAML ACS), so the cross-site refusal does not apply. */
export function acceptsCrossSitePosts(pathname: string): boolean {
  return SAML_ACS_PATH.test(pathname);
}

/** Methods that change nothing here (the app keeps GET and HEAD free of side effects). */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A URL, or null when the text is none ("null", the opaque origin of sandboxed frames, is none). */
function parsedUrl(text: string | null | undefined): URL | null {
  if (!text) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Why this request must be refused as cross-site, or null when it may go on. Same origin means the app's public
 * origin or the host the request was sent to (the browser writes Host, so a page cannot fake it either).
 */
export function crossSiteRefusal(request: { method: string; headers: Headers }): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;

  // "none" is a request the user started (typed address, bookmark); "same-site" is a sibling subdomain: refused.
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return `Refused a ${site} request.`;

  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const from = parsedUrl(origin);
  const app = parsedUrl(process.env.VAULTLINE_APP_URL ?? process.env.NEXTAUTH_URL);
  const sameOrigin = from !== null && (from.origin === app?.origin || from.host === request.headers.get("host"));
  return sameOrigin ? null : `Refused a request from origin ${origin}.`;
}

/** The 403 answer to a cross-site state-changing request, or null when the request may go on (crossSiteRefusal). */
export function crossSiteResponse(request: { method: string; headers: Headers }): Response | null {
  const refusal = crossSiteRefusal(request);
  if (!refusal) return null;
  return new Response(`${refusal} Vaultline accepts changes only from its own pages.`, {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
