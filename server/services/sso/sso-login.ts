import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { resultRows, withGlobal, withTenant, type Tx } from "@/db/client";
import { tenants } from "@/db/schema";
import type { ssoStartInput } from "@/lib/sso";
import { authorizationRequest, completeAuthorization, isUnreachable, type OidcProvider } from "@/server/auth/sso/oidc";
import type { VerifiedIdentity } from "@/server/auth/sso/verified-identity";
import { openCookie, openTenantSecret, sealCookie } from "@/server/crypto";
import type { RequestMeta } from "@/server/request-meta";
import { admitSsoIdentity } from "./admit-sso-identity";
import { startSamlLogin } from "./saml-login";
import { SsoError } from "./sso-error";
import { clientSecretRef, enabledConnection, ssoRedirectUri } from "./sso-settings";

const COOKIE_PURPOSE = "sso-oidc";
/** How long a browser may take at its provider between start and callback. */
const PENDING_SECONDS = 600;
const pendingSchema = z.object({ tenantId: z.uuid(), state: z.string().min(1), nonce: z.string().min(1), codeVerifier: z.string().min(43) });

async function tenantBySlug(slug: string): Promise<string | null> {
  const [row] = await withGlobal((tx) => tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)).limit(1));
  return row?.id ?? null;
}

/** The one workspace whose SSO allows this email's domain; none (or several: ask for the slug) is no answer. */
async function tenantByEmailDomain(email: string): Promise<string | null> {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const rows = await withGlobal((tx) => tx.execute(sql`select vaultline_sso_tenants_for_domain(${domain}) as id`));
  const ids = resultRows<{ id: string }>(rows).map((r) => r.id);
  return ids.length === 1 ? ids[0]! : null;
}

/** The workspace's enabled OIDC provider with its secret opened, or null when SSO is off, SAML or incomplete there. */
async function providerOf(tx: Tx, tenantId: string) {
  const found = await enabledConnection(tx, tenantId);
  const connection = found?.connection;
  if (!found || connection?.protocol !== "oidc" || !connection.clientId || !connection.clientSecret) return null;
  const provider: OidcProvider = {
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: await openTenantSecret(tx, tenantId, clientSecretRef(connection.id), connection.clientSecret),
    allowPrivate: found.allowPrivate,
  };
  return { connection: found.connection, provider, slug: found.slug };
}

/** A provider that cannot be reached, or whose answer does not check out, as what the user is told. */
async function talkToProvider<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new SsoError(isUnreachable(error) ? "provider_unreachable" : "rejected");
  }
}

/**
 * Starts a workspace's sign-in, found by its slug or by a work email's domain, by the workspace's protocol: returns
 * where to send the browser and the sealed cookie that binds the pending sign-in to this browser for ten minutes (for
 * OIDC state, nonce and PKCE verifier; for SAML the AuthnRequest ID). Unknown workspaces and workspaces without SSO
 * answer alike.
 */
export async function startSsoLogin(input: z.infer<typeof ssoStartInput>): Promise<{ url: string; cookie: string; maxAgeSeconds: number; protocol: "oidc" | "saml" }> {
  const tenantId = "workspace" in input ? await tenantBySlug(input.workspace) : await tenantByEmailDomain(input.email);
  if (!tenantId) throw new SsoError("unknown_workspace");
  const saml = await withTenant(tenantId, async (tx) => ((await enabledConnection(tx, tenantId))?.connection.protocol === "saml" ? startSamlLogin(tx, tenantId) : null));
  if (saml) return { ...saml, protocol: "saml" };
  const found = await withTenant(tenantId, (tx) => providerOf(tx, tenantId));
  if (!found) throw new SsoError("unknown_workspace");
  const { url, checks } = await talkToProvider(() => authorizationRequest(found.provider, ssoRedirectUri()));
  return { url, cookie: sealCookie(COOKIE_PURPOSE, { tenantId, ...checks }, PENDING_SECONDS), maxAgeSeconds: PENDING_SECONDS, protocol: "oidc" };
}

/** The values of the role claim: a string, or an array of strings (other shapes count as none). */
function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Finishes an OIDC sign-in at the callback: the sealed cookie must hold this browser's pending sign-in (state, nonce
 * and PKCE verifier), openid-client validates the answer and the id_token, then admitSsoIdentity decides who signs in.
 * Returns the session token for the cookie and the workspace to land in.
 */
export async function finishSsoLogin(callbackUrl: URL, pendingCookie: string | undefined, meta: RequestMeta) {
  const pending = pendingSchema.safeParse(openCookie(COOKIE_PURPOSE, pendingCookie));
  if (!pending.success) throw new SsoError("expired");
  const { tenantId, ...checks } = pending.data;
  const found = await withTenant(tenantId, (tx) => providerOf(tx, tenantId));
  if (!found) throw new SsoError("unknown_workspace");
  // The redirect URI the provider saw, with the parameters it sent back (behind a proxy the request URL may differ).
  const answered = new URL(ssoRedirectUri());
  answered.search = callbackUrl.search;
  const claims = await talkToProvider(() => completeAuthorization(found.provider, answered, checks));
  const identity: VerifiedIdentity = { ...claims, groups: claimValues(claims.claims, found.connection.roleClaim) };
  const outcome = await withTenant(tenantId, (tx) => admitSsoIdentity(tx, tenantId, found.connection, identity, meta));
  if ("refused" in outcome) throw new SsoError(outcome.refused);
  return { token: outcome.token, slug: found.slug };
}

