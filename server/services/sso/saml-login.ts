import "server-only";
import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { withTenant, type Tx } from "@/db/client";
import { ssoSamlAssertions } from "@/db/schema";
import { SAML_PENDING_SECONDS, samlAuthorizationRequest, validateSamlResponse, type SamlProvider } from "@/server/auth/sso/saml";
import { openCookie, sealCookie } from "@/server/crypto";
import type { RequestMeta } from "@/server/request-meta";
import { recordAuditEvent } from "../audit/record-audit-event";
import { admitSsoIdentity, type SsoConnection } from "./admit-sso-identity";
import { SsoError } from "./sso-error";
import { enabledConnection, samlServiceProvider } from "./sso-settings";

const COOKIE_PURPOSE = "sso-saml";
const pendingSchema = z.object({ tenantId: z.uuid(), requestId: z.string().min(1) });

/** The workspace's IdP as the SAML layer needs it, or null when its metadata has not been read yet. */
function samlProviderOf(tenantId: string, connection: SsoConnection): SamlProvider | null {
  if (connection.protocol !== "saml" || !connection.samlSsoUrl || !connection.samlCertificates.length) return null;
  const { entityId, acsUrl } = samlServiceProvider(tenantId);
  return {
    entityId: connection.issuer,
    ssoUrl: connection.samlSsoUrl,
    certificates: connection.samlCertificates,
    emailAttribute: connection.samlEmailAttribute ?? "email",
    nameAttribute: connection.samlNameAttribute ?? "name",
    groupsAttribute: connection.roleClaim,
    sp: { entityId, acsUrl },
  };
}

/**
 * Starts a SAML sign-in in the workspace's transaction: the IdP URL with our AuthnRequest, and the sealed cookie that
 * binds that request's ID to this browser (the ACS accepts only a response InResponseTo it). Null when the workspace's
 * SAML is not complete.
 */
export async function startSamlLogin(tx: Tx, tenantId: string) {
  const found = await enabledConnection(tx, tenantId);
  const provider = found && samlProviderOf(tenantId, found.connection);
  if (!provider) return null;
  const { url, requestId } = await samlAuthorizationRequest(provider);
  return { url, cookie: sealCookie(COOKIE_PURPOSE, { tenantId, requestId }, SAML_PENDING_SECONDS), maxAgeSeconds: SAML_PENDING_SECONDS };
}

/**
 * Records the assertion's ID until it expires; false when it was used before (a replay). Expired IDs are pruned here,
 * so the table holds only what could still be replayed. Runs in the tenant's transaction, so concurrent posts of the
 * same assertion meet at the unique index and one of them loses.
 */
async function firstUse(tx: Tx, tenantId: string, assertionId: string, expiresAt: Date): Promise<boolean> {
  await tx.delete(ssoSamlAssertions).where(and(eq(ssoSamlAssertions.tenantId, tenantId), lt(ssoSamlAssertions.expiresAt, new Date())));
  const inserted = await tx.insert(ssoSamlAssertions).values({ tenantId, assertionId, expiresAt }).onConflictDoNothing().returning({ id: ssoSamlAssertions.id });
  return inserted.length === 1;
}

/**
 * Finishes a SAML sign-in at the workspace's ACS (HTTP-POST binding): the sealed cookie must hold this browser's
 * pending request for this workspace; the response must validate (validateSamlResponse: signed assertion, issuer,
 * audience, recipient, InResponseTo, time window); its assertion must not have been used before; then
 * admitSsoIdentity decides who signs in, exactly as for OIDC. Refusals after the cookie is checked are audited.
 */
export async function finishSamlLogin(tenantId: string, samlResponse: string | null, pendingCookie: string | undefined, meta: RequestMeta) {
  const pending = pendingSchema.safeParse(openCookie(COOKIE_PURPOSE, pendingCookie));
  if (!pending.success || pending.data.tenantId !== tenantId) throw new SsoError("expired");
  const found = await withTenant(tenantId, (tx) => enabledConnection(tx, tenantId));
  const provider = found && samlProviderOf(tenantId, found.connection);
  if (!found || !provider) throw new SsoError("unknown_workspace");
  const actor = { userId: null, label: `SAML ${provider.entityId}`, ...meta };
  const validated = samlResponse
    ? await validateSamlResponse(provider, samlResponse, pending.data.requestId).catch((error: unknown) => error instanceof Error ? error : new Error(String(error)))
    : new Error("No SAMLResponse was posted.");
  if (validated instanceof Error) {
    // Why, for the administrator (node-saml's messages name the failed check, never key material); the user is told less.
    const details = { issuer: provider.entityId, reason: "rejected", error: validated.message.slice(0, 300) };
    await withTenant(tenantId, (tx) => recordAuditEvent(tx, tenantId, actor, { action: "sso.login_refused", details }));
    throw new SsoError("rejected");
  }
  const outcome = await withTenant(tenantId, async (tx) => {
    if (!(await firstUse(tx, tenantId, validated.assertionId, validated.replayUntil))) {
      const details = { issuer: provider.entityId, subject: validated.identity.subject, reason: "replayed" };
      await recordAuditEvent(tx, tenantId, actor, { action: "sso.login_refused", details });
      return { refused: "replayed" } as const;
    }
    return admitSsoIdentity(tx, tenantId, found.connection, validated.identity, meta);
  });
  if ("refused" in outcome) throw new SsoError(outcome.refused);
  return { token: outcome.token, slug: found.slug };
}
