/**
 * The committed allowlist of HTTP routes that answer without a session. Every other page must send an
 * anonymous visitor to the login page, and every other API route must refuse them; the e2e test
 * tests/e2e/unauthenticated-routes.spec.ts enumerates app/ and fails on any route not listed here, and checks what
 * each listed one answers an anonymous caller (it needs an entry there for every entry here).
 */
export const PUBLIC_PAGES = [
  "/",
  "/signup",
  "/signup/confirm",
  "/login",
  "/forgot-password",
  "/reset-password",
  "/verify-email",
  "/invite",
] as const;

export const PUBLIC_API_ROUTES = [
  "/api/health",
  "/api/auth/[...nextauth]", // next-auth's own endpoints: csrf, providers, sign-in and session
  "/api/agent/v1/enroll", // authenticated by a customer's enrollment token
  "/api/agent/v1/checkin", // authenticated by the agent's bearer secret, with a timestamp and nonce
  "/api/sso/start", // starts a workspace's single sign-on: answers the IdP's URL, reveals nothing else
  "/api/sso/callback", // the IdP's redirect back: signs in only with this browser's sealed pending sign-in
  "/api/sso/saml/[tenantId]/acs", // a SAML IdP's POST back: signs in only with this browser's sealed pending request
  "/api/sso/saml/[tenantId]/metadata", // our SP metadata, derived from the id alone: the same for any id
  "/api/inngest", // Inngest's endpoint: the SDK verifies INNGEST_SIGNING_KEY on every call that runs a step
  "/api/trpc/[trpc]", // each procedure has its own rung; tests/security/authorization.test.ts covers them all
  "/api/v1/openapi.json", // the REST API's description: no data; every /api/v1 route needs an API key (rest-authorization.test.ts)
] as const;
