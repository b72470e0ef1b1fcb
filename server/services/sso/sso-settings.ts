import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { defaultTenantSettings, memberships, ssoConnections, tenants, users } from "@/db/schema";
import type { SsoRoleMapping, SsoSettingsInput } from "@/lib/sso";
import { sealTenantSecret, type FieldRef } from "@/server/crypto";
import { appUrl } from "@/server/email/send-email";
import { badInput } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

/** Where every provider sends the browser back: one URL for all workspaces (the workspace rides in a sealed cookie). */
export function ssoRedirectUri(): string {
  return `${appUrl()}/api/sso/callback`;
}

/**
 * This workspace as a SAML service provider: entity ID and ACS URL carry the tenant's id (stable across slug changes),
 * so each workspace is its own application at an IdP that serves several.
 */
export function samlServiceProvider(tenantId: string): { entityId: string; acsUrl: string; metadataUrl: string } {
  const base = `${appUrl()}/api/sso/saml/${tenantId}`;
  return { entityId: `${base}/metadata`, acsUrl: `${base}/acs`, metadataUrl: `${base}/metadata` };
}

export const clientSecretRef = (connectionId: string): FieldRef => ({ table: "sso_connections", rowId: connectionId, field: "client_secret" });

/** The tenant's connection row, if it has one (the transaction is the tenant's). */
export async function findSsoConnection(scope: Pick<TenantScope, "db" | "tenantId">) {
  const [row] = await scope.db.select().from(ssoConnections).where(eq(ssoConnections.tenantId, scope.tenantId)).limit(1);
  return row ?? null;
}

/** The workspace's enabled SSO connection, whatever its protocol, with what a sign-in needs besides; null when off. */
export async function enabledConnection(tx: Tx, tenantId: string) {
  const connection = await findSsoConnection({ db: tx, tenantId });
  if (!connection?.enabled) return null;
  const [tenant] = await tx.select({ slug: tenants.slug, settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  return { connection, slug: tenant!.slug, allowPrivate: { ...defaultTenantSettings, ...tenant!.settings }.allowPrivateTargets };
}

/** The workspace's owners, for choosing break-glass owners (who need two-factor on to count). */
async function activeOwners(scope: TenantScope) {
  return scope.db
    .select({ userId: users.id, name: users.name, email: users.email, twoFactor: isNotNull(users.totpEnabledAt) })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, scope.tenantId), eq(memberships.role, "owner"), eq(memberships.status, "active")));
}

/**
 * Settings → Sign-in as the page shows it. The client secret itself never leaves the server: only whether one is set.
 * For SAML it shows what the IdP administrator needs from us (SP entity ID, ACS and metadata URLs) and what was read
 * from the IdP's metadata.
 */
export async function getSsoSettings(scope: TenantScope) {
  const [row, owners] = [await findSsoConnection(scope), await activeOwners(scope)];
  const settings = row
    ? {
        enabled: row.enabled,
        protocol: row.protocol,
        issuer: row.issuer,
        clientId: row.clientId ?? "",
        allowedDomains: row.allowedDomains,
        jitEnabled: row.jitEnabled,
        defaultRole: row.defaultRole,
        roleClaim: row.roleClaim,
        roleMappings: row.roleMappings,
        requireSso: row.requireSso,
        breakGlassUserIds: row.breakGlassUserIds,
      }
    : null;
  const saml =
    row?.protocol === "saml"
      ? { idpEntityId: row.issuer, ssoUrl: row.samlSsoUrl, certificateCount: row.samlCertificates.length, metadataUrl: row.samlMetadataUrl, emailAttribute: row.samlEmailAttribute, nameAttribute: row.samlNameAttribute }
      : null;
  return { settings, saml, clientSecretSet: Boolean(row?.clientSecret), redirectUri: ssoRedirectUri(), serviceProvider: samlServiceProvider(scope.tenantId), owners };
}

type Connection = Awaited<ReturnType<typeof findSsoConnection>>;
type ConnectionValues = Omit<typeof ssoConnections.$inferInsert, "id" | "tenantId" | "createdAt" | "updatedAt">;

/** Names of the settings that differ, with their new values; secrets and certificates only as "changed". */
function changedSettings(before: Connection, after: ConnectionValues) {
  const details: Record<string, string | number | boolean | null | string[]> = {};
  for (const [key, value] of Object.entries(after) as [keyof ConnectionValues, unknown][]) {
    const previous = before ? before[key] : undefined;
    if (JSON.stringify(previous) === JSON.stringify(value)) continue;
    if (key === "clientSecret" || key === "samlCertificates") details[key] = "changed";
    else if (key === "roleMappings") details[key] = (value as SsoRoleMapping[]).map((m) => `${m.claim} → ${m.role}`);
    else details[key] = value as string | boolean | string[] | null;
  }
  return details;
}

/**
 * The break-glass owners, checked: they must be active owners; requiring SSO needs at least one of them with
 * two-factor on, so the workspace can never lock every owner out.
 */
async function checkedBreakGlass(scope: TenantScope, input: Pick<SsoSettingsInput, "breakGlassUserIds" | "requireSso">) {
  const breakGlass = [...new Set(input.breakGlassUserIds)];
  const owners = breakGlass.length ? await activeOwners(scope) : [];
  const ownerIds = new Map(owners.map((o) => [o.userId, o]));
  if (breakGlass.some((id) => !ownerIds.has(id))) throw badInput("breakGlassUserIds", "Break-glass accounts must be active owners of this workspace.");
  if (input.requireSso && !breakGlass.some((id) => ownerIds.get(id)?.twoFactor)) {
    throw badInput("breakGlassUserIds", "Requiring SSO needs at least one break-glass owner with two-factor authentication on.");
  }
  return breakGlass;
}

/** The settings both protocols share, checked and normalised, ready to store. */
export async function commonSsoValues(scope: TenantScope, input: Omit<SsoSettingsInput, "issuer" | "clientId" | "clientSecret">) {
  const { enabled, jitEnabled, defaultRole, roleClaim, roleMappings, requireSso } = input;
  const breakGlassUserIds = await checkedBreakGlass(scope, input);
  return { enabled, jitEnabled, defaultRole, roleClaim, roleMappings, requireSso, breakGlassUserIds, allowedDomains: [...new Set(input.allowedDomains)] };
}

/** Writes the workspace's one connection row (creating it with `id` on first save) and audits what changed. */
export async function saveSsoConnection(scope: TenantScope, existing: Connection, id: string, values: ConnectionValues) {
  if (existing) {
    await scope.db.update(ssoConnections).set(values).where(and(eq(ssoConnections.tenantId, scope.tenantId), eq(ssoConnections.id, id)));
  } else {
    await scope.db.insert(ssoConnections).values({ ...values, id, tenantId: scope.tenantId });
  }
  const details = changedSettings(existing, values);
  if (Object.keys(details).length) await audit(scope, { action: "sso.settings_updated", target: { type: "tenant", id: scope.tenantId }, details });
  return getSsoSettings(scope);
}

/**
 * Saves the workspace's OIDC settings, making OIDC its protocol (the first OIDC save needs the client secret).
 * Audited with what changed, never the secret.
 */
export async function updateSsoSettings(scope: TenantScope, input: SsoSettingsInput) {
  const existing = await findSsoConnection(scope);
  if (!existing?.clientSecret && !input.clientSecret) throw badInput("clientSecret", "Client secret is required.");
  const id = existing?.id ?? randomUUID();
  const sealed = input.clientSecret ? await sealTenantSecret(scope.db, scope.tenantId, clientSecretRef(id), input.clientSecret) : undefined;
  const values = { ...(await commonSsoValues(scope, input)), protocol: "oidc" as const, issuer: input.issuer, clientId: input.clientId, ...(sealed ? { clientSecret: sealed } : {}) };
  return saveSsoConnection(scope, existing, id, values);
}
