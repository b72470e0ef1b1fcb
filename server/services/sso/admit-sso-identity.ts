import "server-only";
import { and, eq } from "drizzle-orm";
import { enterUser, type Tx } from "@/db/client";
import { memberships, ssoIdentities, users } from "@/db/schema";
import { mappedRole, type SsoErrorCode } from "@/lib/sso";
import type { VerifiedIdentity } from "@/server/auth/sso/verified-identity";
import { createSession } from "@/server/auth/sessions";
import type { RequestMeta } from "@/server/request-meta";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { findSsoConnection } from "./sso-settings";

export type SsoConnection = NonNullable<Awaited<ReturnType<typeof findSsoConnection>>>;

/** The user this issuer's subject signed in as before, if it did. */
async function pinnedUser(tx: Tx, tenantId: string, identity: VerifiedIdentity) {
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

/**
 * The part of every SSO sign-in after the IdP proved who the person is, for OIDC and SAML alike: the email must be
 * verified by the IdP and in an allowed domain; the person is found by the issuer's subject pinned at their first SSO
 * sign-in, else by email (then pinned), or created just in time with the mapped role when the workspace allows it;
 * with role mappings a member's role follows the IdP's groups at every sign-in. They get a session marked as coming
 * through the workspace's IdP. Every outcome is audited with the issuer and subject. Runs in the tenant's transaction.
 */
export async function admitSsoIdentity(tx: Tx, tenantId: string, connection: SsoConnection, identity: VerifiedIdentity, meta: RequestMeta) {
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
  const mapped = mappedRole(identity.groups, connection.roleMappings, connection.defaultRole);
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
