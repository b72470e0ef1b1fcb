import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { enterUser, resultRows, withGlobal, withTenant, type Tx } from "@/db/client";
import { defaultTenantSettings, memberships, ssoIdentities, tenants, users } from "@/db/schema";
import { mappedRole, type SsoErrorCode, type ssoStartInput } from "@/lib/sso";
import { authorizationRequest, completeAuthorization, isUnreachable, type OidcClaims, type OidcProvider } from "@/server/auth/sso/oidc";
import { createSession } from "@/server/auth/sessions";
import { openCookie, openTenantSecret, sealCookie } from "@/server/crypto";
import type { RequestMeta } from "@/server/request-meta";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { clientSecretRef, findSsoConnection, ssoRedirectUri } from "./sso-settings";

/** A single sign-on that cannot go on; `code` is all the sign-in page is told (lib/sso.ts has the words). */
export class SsoError extends Error {
  constructor(readonly code: SsoErrorCode) {
    super(`Single sign-on failed: ${code}`);
    this.name = "SsoError";
  }
}

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

/** The workspace's enabled provider with its secret opened, or null when SSO is off or incomplete there. */
async function providerOf(tx: Tx, tenantId: string) {
  const connection = await findSsoConnection({ db: tx, tenantId });
  if (!connection?.enabled || !connection.clientSecret) return null;
  const [tenant] = await tx.select({ slug: tenants.slug, settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  const provider: OidcProvider = {
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: await openTenantSecret(tx, tenantId, clientSecretRef(connection.id), connection.clientSecret),
    allowPrivate: { ...defaultTenantSettings, ...tenant!.settings }.allowPrivateTargets,
  };
  return { connection, provider, slug: tenant!.slug };
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
 * Starts a workspace's OIDC sign-in, found by its slug or by a work email's domain: returns the provider's
 * authorization URL and the sealed cookie that binds state, nonce and PKCE verifier to this browser for ten minutes.
 * Unknown workspaces and workspaces without SSO answer alike.
 */
export async function startSsoLogin(input: z.infer<typeof ssoStartInput>) {
  const tenantId = "workspace" in input ? await tenantBySlug(input.workspace) : await tenantByEmailDomain(input.email);
  const found = tenantId ? await withTenant(tenantId, (tx) => providerOf(tx, tenantId)) : null;
  if (!tenantId || !found) throw new SsoError("unknown_workspace");
  const { url, checks } = await talkToProvider(() => authorizationRequest(found.provider, ssoRedirectUri()));
  return { url, cookie: sealCookie(COOKIE_PURPOSE, { tenantId, ...checks }, PENDING_SECONDS), maxAgeSeconds: PENDING_SECONDS };
}

/** The values of the role claim: a string, or an array of strings (other shapes count as none). */
function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Finishes the sign-in at the callback: the sealed cookie must hold this browser's pending sign-in (state, nonce and
 * PKCE verifier), openid-client validates the answer and the id_token, then the email must be verified by the IdP
 * and in an allowed domain. The person is found by the issuer's subject pinned at their first SSO sign-in, else by
 * email (then pinned), or created just in time with the mapped role when the workspace allows it; with role mappings
 * a member's role follows the IdP's groups at every sign-in. They get a session exactly as a password sign-in does. Every outcome is audited with the
 * issuer and subject. Returns the session token for the cookie and the workspace to land in.
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
  const identity = await talkToProvider(() => completeAuthorization(found.provider, answered, checks));
  const outcome = await withTenant(tenantId, (tx) => admit(tx, tenantId, found.connection, identity, meta));
  if ("refused" in outcome) throw new SsoError(outcome.refused);
  return { token: outcome.token, slug: found.slug };
}

type Connection = NonNullable<Awaited<ReturnType<typeof findSsoConnection>>>;

/** The user this issuer's subject signed in as before, if it did. */
async function pinnedUser(tx: Tx, tenantId: string, identity: OidcClaims) {
  const [row] = await tx
    .select({ id: ssoIdentities.id, userId: ssoIdentities.userId })
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.tenantId, tenantId), eq(ssoIdentities.issuer, identity.issuer), eq(ssoIdentities.subject, identity.subject)))
    .limit(1);
  return row ?? null;
}

/** Whether the user already signs in through this issuer as some other subject. */
async function pinnedToAnotherSubject(tx: Tx, tenantId: string, issuer: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: ssoIdentities.id })
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.tenantId, tenantId), eq(ssoIdentities.issuer, issuer), eq(ssoIdentities.userId, userId)))
    .limit(1);
  return row !== undefined;
}

/** Decides who the verified identity is in this workspace and opens their session, in the tenant's transaction. */
async function admit(tx: Tx, tenantId: string, connection: Connection, identity: OidcClaims, meta: RequestMeta) {
  const who = { issuer: identity.issuer, subject: identity.subject };
  const refuse = async (refused: SsoErrorCode, actor: AuditActor) => {
    await recordAuditEvent(tx, tenantId, actor, { action: "sso.login_refused", details: { ...who, reason: refused } });
    return { refused } as const;
  };
  const anonymous: AuditActor = { userId: null, label: identity.email ?? `${identity.issuer} ${identity.subject}`, ...meta };
  if (!identity.email || !identity.emailVerified) return refuse("email_unverified", anonymous);
  const email = identity.email;
  if (!connection.allowedDomains.includes(email.slice(email.lastIndexOf("@") + 1))) return refuse("domain_not_allowed", anonymous);

  const pinned = await pinnedUser(tx, tenantId, identity);
  const [existing] = pinned
    ? [{ id: pinned.userId }]
    : await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (!pinned && existing && (await pinnedToAnotherSubject(tx, tenantId, identity.issuer, existing.id))) {
    // The address now belongs to another account at the IdP (reassigned, or a second account claiming it).
    return refuse("identity_mismatch", { ...anonymous, userId: existing.id });
  }
  const [membership] = existing
    ? await tx.select().from(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, existing.id))).limit(1)
    : [];
  const mapped = mappedRole(claimValues(identity.claims, connection.roleClaim), connection.roleMappings, connection.defaultRole);
  let userId: string;
  if (membership) {
    if (membership.status === "deactivated") return refuse("deactivated", { ...anonymous, userId: membership.userId });
    userId = membership.userId;
    // With role mappings the IdP's groups decide the role at every sign-in; owners are never changed from outside.
    if (connection.roleMappings.length > 0 && membership.role !== "owner" && membership.role !== mapped) {
      await tx.update(memberships).set({ role: mapped }).where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membership.id)));
      const change = { ...who, from: membership.role, to: mapped };
      await recordAuditEvent(tx, tenantId, { ...anonymous, userId }, { action: "sso.role_changed", target: { type: "membership", id: membership.id }, details: change });
    }
  } else {
    if (!connection.jitEnabled) return refuse("not_a_member", { ...anonymous, userId: existing?.id ?? null });
    // A person new to Vaultline has no local password: they can only ever sign in through an IdP.
    userId = existing?.id ?? (await tx.insert(users).values({ email, name: identity.name?.slice(0, 100) || email, passwordHash: null, emailVerifiedAt: new Date() }).returning({ id: users.id }))[0]!.id;
    const [created] = await tx.insert(memberships).values({ tenantId, userId, role: mapped }).returning({ id: memberships.id });
    await recordAuditEvent(tx, tenantId, { ...anonymous, userId }, { action: "sso.member_created", target: { type: "membership", id: created!.id }, details: { ...who, email, role: mapped } });
  }
  if (pinned) {
    await tx.update(ssoIdentities).set({ lastSignInAt: new Date() }).where(and(eq(ssoIdentities.tenantId, tenantId), eq(ssoIdentities.id, pinned.id)));
  } else {
    await tx.insert(ssoIdentities).values({ tenantId, issuer: identity.issuer, subject: identity.subject, userId });
  }
  await enterUser(tx, userId);
  const token = await createSession(tx, userId, meta, tenantId);
  await recordAuditEvent(tx, tenantId, { ...anonymous, userId }, { action: "sso.login", details: who });
  return { token } as const;
}
