import "server-only";
import * as oidc from "openid-client";
import { emailVerifiedBy } from "@/lib/sso";
import { ConnectorError } from "@/server/connectors/types";
import { guardedFetch } from "./guarded-fetch";

/** What a sign-in needs to know about a workspace's provider; the secret is opened just for the exchange. */
export type OidcProvider = { issuer: string; clientId: string; clientSecret: string; allowPrivate: boolean };

/** The values a browser's sign-in carries from the start to the callback (kept in a sealed, HttpOnly cookie). */
export type OidcChecks = { state: string; nonce: string; codeVerifier: string };

/** The id_token claims we act on, as validated by openid-client (signature, issuer, audience, expiry, nonce). */
export type OidcClaims = { issuer: string; subject: string; email: string | null; emailVerified: boolean; name: string | null; claims: Record<string, unknown> };

/**
 * Discovery documents by issuer (and by whether private addresses may be dialled, so the guard's answer is never
 * skipped), kept ten minutes: providers change them rarely, and a start and its callback need not both ask. Per
 * instance and bounded; nothing here must agree across instances.
 */
const DISCOVERY_TTL_MS = 10 * 60_000;
const DISCOVERY_ENTRIES = 200;
const discovered = new Map<string, { metadata: oidc.ServerMetadata; until: number }>();

async function serverMetadata(issuer: URL, provider: OidcProvider, customFetch: oidc.CustomFetch): Promise<oidc.ServerMetadata> {
  const key = `${provider.allowPrivate ? "private" : "public"} ${issuer.href}`;
  const cached = discovered.get(key);
  if (cached && cached.until > Date.now()) return cached.metadata;
  const config = await oidc.discovery(issuer, provider.clientId, undefined, undefined, {
    [oidc.customFetch]: customFetch,
    execute: issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
  });
  discovered.delete(key);
  if (discovered.size >= DISCOVERY_ENTRIES) discovered.delete(discovered.keys().next().value!);
  discovered.set(key, { metadata: config.serverMetadata(), until: Date.now() + DISCOVERY_TTL_MS });
  return config.serverMetadata();
}

/**
 * The provider's configuration, discovered through the guarded fetch. Plain http is accepted only for a loopback
 * issuer (the schema allows nothing else), which the guard then dials only where the workspace allows private targets.
 */
async function configure(provider: OidcProvider): Promise<oidc.Configuration> {
  const issuer = new URL(provider.issuer);
  const customFetch = guardedFetch(provider.allowPrivate);
  const metadata = await serverMetadata(issuer, provider, customFetch);
  const config = new oidc.Configuration(metadata, provider.clientId, undefined, oidc.ClientSecretPost(provider.clientSecret));
  if (issuer.protocol === "http:") oidc.allowInsecureRequests(config);
  config[oidc.customFetch] = customFetch;
  return config;
}

/** Starts an authorization code flow with PKCE (S256), state and nonce; returns where to send the browser. */
export async function authorizationRequest(provider: OidcProvider, redirectUri: string): Promise<{ url: string; checks: OidcChecks }> {
  const config = await configure(provider);
  const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: "S256",
    state: checks.state,
    nonce: checks.nonce,
  });
  return { url: url.href, checks };
}

/**
 * Finishes the flow at the callback: checks state, exchanges the code with the PKCE verifier and validates the
 * id_token (signature by the provider's keys, issuer, audience, expiry and nonce), all by openid-client.
 */
export async function completeAuthorization(provider: OidcProvider, callbackUrl: URL, checks: OidcChecks): Promise<OidcClaims> {
  const config = await configure(provider);
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    pkceCodeVerifier: checks.codeVerifier,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new oidc.ClientError("The provider sent no id_token.");
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: typeof claims.email === "string" ? claims.email.toLowerCase() : null,
    emailVerified: emailVerifiedBy(claims),
    name: typeof claims.name === "string" ? claims.name : null,
    claims: claims as Record<string, unknown>,
  };
}

/**
 * Whether a failure means the provider could not be reached (the outbound guard refused it, or the network failed)
 * rather than that its answer did not check out. openid-client wraps fetch failures, so the causes are walked.
 */
export function isUnreachable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ConnectorError) return true;
    if (cause.name === "TimeoutError" || cause.name === "AbortError") return true;
    if (cause instanceof TypeError && cause.message === "fetch failed") return true;
  }
  return false;
}
