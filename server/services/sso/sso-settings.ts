import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { memberships, ssoConnections, users } from "@/db/schema";
import type { SsoSettingsInput } from "@/lib/sso";
import { sealTenantSecret, type FieldRef } from "@/server/crypto";
import { appUrl } from "@/server/email/send-email";
import { badInput } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

/** Where every provider sends the browser back: one URL for all workspaces (the workspace rides in a sealed cookie). */
export function ssoRedirectUri(): string {
  return `${appUrl()}/api/sso/callback`;
}

export const clientSecretRef = (connectionId: string): FieldRef => ({ table: "sso_connections", rowId: connectionId, field: "client_secret" });

/** The tenant's connection row, if it has one (the transaction is the tenant's). */
export async function findSsoConnection(scope: Pick<TenantScope, "db" | "tenantId">) {
  const [row] = await scope.db.select().from(ssoConnections).where(eq(ssoConnections.tenantId, scope.tenantId)).limit(1);
  return row ?? null;
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
 */
export async function getSsoSettings(scope: TenantScope) {
  const [row, owners] = [await findSsoConnection(scope), await activeOwners(scope)];
  const settings = row
    ? {
        enabled: row.enabled,
        issuer: row.issuer,
        clientId: row.clientId,
        allowedDomains: row.allowedDomains,
        jitEnabled: row.jitEnabled,
        defaultRole: row.defaultRole,
        roleClaim: row.roleClaim,
        roleMappings: row.roleMappings,
        requireSso: row.requireSso,
        breakGlassUserIds: row.breakGlassUserIds,
      }
    : null;
  return { settings, clientSecretSet: Boolean(row?.clientSecret), redirectUri: ssoRedirectUri(), owners };
}

/** Names of the settings that differ, with their new values; the secret only as "changed", never its value. */
function changedSettings(before: Awaited<ReturnType<typeof findSsoConnection>>, after: Omit<SsoSettingsInput, "clientSecret">, secretChanged: boolean) {
  const details: Record<string, string | number | boolean | null | string[]> = {};
  for (const [key, value] of Object.entries(after) as [keyof typeof after, unknown][]) {
    const previous = before ? (before as Record<string, unknown>)[key] : undefined;
    if (JSON.stringify(previous) === JSON.stringify(value)) continue;
    details[key] = key === "roleMappings" ? (value as SsoSettingsInput["roleMappings"]).map((m) => `${m.claim} → ${m.role}`) : (value as string | boolean | string[]);
  }
  if (secretChanged) details.clientSecret = "changed";
  return details;
}

/**
 * Saves the workspace's OIDC settings (creating them on first save, which needs the client secret). Break-glass
 * owners must be active owners; requiring SSO needs at least one of them with two-factor on, so the workspace can
 * never lock every owner out. Audited with what changed, never the secret.
 */
export async function updateSsoSettings(scope: TenantScope, input: SsoSettingsInput) {
  const existing = await findSsoConnection(scope);
  if (!existing && !input.clientSecret) throw badInput("clientSecret", "Client secret is required.");
  const breakGlass = [...new Set(input.breakGlassUserIds)];
  const owners = breakGlass.length ? await activeOwners(scope) : [];
  const ownerIds = new Map(owners.map((o) => [o.userId, o]));
  if (breakGlass.some((id) => !ownerIds.has(id))) throw badInput("breakGlassUserIds", "Break-glass accounts must be active owners of this workspace.");
  if (input.requireSso && !breakGlass.some((id) => ownerIds.get(id)?.twoFactor)) {
    throw badInput("breakGlassUserIds", "Requiring SSO needs at least one break-glass owner with two-factor authentication on.");
  }
  const { clientSecret, ...plain } = input;
  const values = { ...plain, breakGlassUserIds: breakGlass, allowedDomains: [...new Set(input.allowedDomains)] };
  const id = existing?.id ?? randomUUID();
  const sealed = clientSecret ? await sealTenantSecret(scope.db, scope.tenantId, clientSecretRef(id), clientSecret) : undefined;
  if (existing) {
    await scope.db
      .update(ssoConnections)
      .set({ ...values, ...(sealed ? { clientSecret: sealed } : {}) })
      .where(and(eq(ssoConnections.tenantId, scope.tenantId), eq(ssoConnections.id, id)));
  } else {
    await scope.db.insert(ssoConnections).values({ ...values, id, tenantId: scope.tenantId, clientSecret: sealed });
  }
  const details = changedSettings(existing, values, Boolean(sealed));
  if (Object.keys(details).length) await audit(scope, { action: "sso.settings_updated", target: { type: "tenant", id: scope.tenantId }, details });
  return getSsoSettings(scope);
}
