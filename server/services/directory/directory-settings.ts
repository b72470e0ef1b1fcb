import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { FilterParser } from "ldapts";
import { defaultTenantSettings, directoryConnections, tenants } from "@/db/schema";
import type { DirectorySettingsInput } from "@/lib/directory";
import { DirectoryError, testDirectory, type DirectoryServer } from "@/server/auth/directory/ldap-directory";
import { openTenantSecret, sealTenantSecret, type FieldRef } from "@/server/crypto";
import { AppError, badInput } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

type Scope = Pick<TenantScope, "db" | "tenantId">;
export type DirectoryConnection = typeof directoryConnections.$inferSelect;

export const bindPasswordRef = (connectionId: string): FieldRef => ({ table: "directory_connections", rowId: connectionId, field: "bind_password" });

/** The tenant's directory connection, if it has one (the transaction is the tenant's). */
export async function findDirectoryConnection(scope: Scope): Promise<DirectoryConnection | null> {
  const [row] = await scope.db.select().from(directoryConnections).where(eq(directoryConnections.tenantId, scope.tenantId)).limit(1);
  return row ?? null;
}

/** What ldap-directory needs to talk to the directory: the settings with the bind password opened. */
export async function directoryServerOf(scope: Scope, settings: Omit<DirectorySettingsInput, "enabled" | "defaultRole" | "syncIntervalMinutes" | "bindPassword">, sealed: { id: string; bindPassword: DirectoryConnection["bindPassword"] } | null, bindPassword?: string): Promise<DirectoryServer> {
  const password = bindPassword ?? (sealed?.bindPassword ? await openTenantSecret(scope.db, scope.tenantId, bindPasswordRef(sealed.id), sealed.bindPassword) : null);
  if (password === null) throw badInput("bindPassword", "Bind password is required.");
  const [tenant] = await scope.db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, scope.tenantId));
  return {
    url: settings.url,
    startTls: settings.startTls,
    caCertificate: settings.caCertificate,
    bindDn: settings.bindDn,
    bindPassword: password,
    baseDn: settings.baseDn,
    userFilter: settings.userFilter,
    emailAttribute: settings.emailAttribute,
    nameAttribute: settings.nameAttribute,
    disabledFilter: settings.disabledFilter,
    groupFilter: settings.groupFilter,
    groupMemberAttribute: settings.groupMemberAttribute,
    allowPrivate: { ...defaultTenantSettings, ...tenant!.settings }.allowPrivateTargets,
  };
}

/** The filters as the directory will parse them: a typo is a field error here, not a failed sync later. */
function checkFilters(input: DirectorySettingsInput) {
  const filters = { userFilter: input.userFilter, disabledFilter: input.disabledFilter, groupFilter: input.groupFilter };
  for (const [field, filter] of Object.entries(filters)) {
    if (!filter) continue;
    try {
      FilterParser.parseString(filter);
    } catch {
      throw badInput(field, "That is not a valid LDAP filter: check the parentheses and the = signs.");
    }
  }
}

/** Settings → Sign-in → Directory as the page shows it: the bind password never leaves the server, only whether one is set. */
export async function getDirectorySettings(scope: TenantScope) {
  const row = await findDirectoryConnection(scope);
  if (!row) return { settings: null, bindPasswordSet: false, lastSync: null };
  const settings = {
    enabled: row.enabled,
    url: row.url,
    startTls: row.startTls,
    caCertificate: row.caCertificate,
    bindDn: row.bindDn,
    baseDn: row.baseDn,
    userFilter: row.userFilter,
    emailAttribute: row.emailAttribute,
    nameAttribute: row.nameAttribute,
    disabledFilter: row.disabledFilter,
    groupFilter: row.groupFilter,
    groupMemberAttribute: row.groupMemberAttribute,
    defaultRole: row.defaultRole,
    syncIntervalMinutes: row.syncIntervalMinutes,
  };
  const lastSync = row.lastSyncAt ? { at: row.lastSyncAt, summary: row.lastSyncSummary, error: row.lastSyncError } : null;
  return { settings, bindPasswordSet: Boolean(row.bindPassword), lastSync };
}

/** Saves the workspace's directory settings; the bind password is sealed, and only "changed" is audited of it. */
export async function updateDirectorySettings(scope: TenantScope, input: DirectorySettingsInput) {
  checkFilters(input);
  const existing = await findDirectoryConnection(scope);
  if (!existing?.bindPassword && !input.bindPassword) throw badInput("bindPassword", "Bind password is required.");
  const { bindPassword, ...values } = input;
  const id = existing?.id ?? randomUUID();
  const sealed = bindPassword ? await sealTenantSecret(scope.db, scope.tenantId, bindPasswordRef(id), bindPassword) : undefined;
  if (existing) {
    await scope.db
      .update(directoryConnections)
      .set({ ...values, ...(sealed ? { bindPassword: sealed } : {}) })
      .where(and(eq(directoryConnections.tenantId, scope.tenantId), eq(directoryConnections.id, id)));
  } else {
    await scope.db.insert(directoryConnections).values({ ...values, id, tenantId: scope.tenantId, bindPassword: sealed });
  }
  const changed = Object.keys(values).filter((key) => String((existing as Record<string, unknown> | null)?.[key]) !== String(values[key as keyof typeof values]));
  if (sealed) changed.push("bindPassword");
  if (changed.length) await audit(scope, { action: "directory.settings_updated", target: { type: "tenant", id: scope.tenantId }, details: { changed, url: input.url, baseDn: input.baseDn } });
  return getDirectorySettings(scope);
}

/**
 * "Test connection" with the form's values (the stored bind password when the form leaves it empty): connects over
 * TLS, binds as the search account and counts the entries the user filter finds. Errors say what failed.
 */
export async function testDirectoryConnection(scope: TenantScope, input: DirectorySettingsInput) {
  checkFilters(input);
  const existing = await findDirectoryConnection(scope);
  const server = await directoryServerOf(scope, input, existing, input.bindPassword);
  try {
    return await testDirectory(server);
  } catch (error) {
    if (error instanceof DirectoryError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}
