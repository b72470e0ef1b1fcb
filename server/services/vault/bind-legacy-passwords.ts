import "server-only";
import { and, asc, desc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import { credentials, credentialVersions } from "@/db/schema";
import { sealTenantSecret, type Sealed } from "@/server/crypto";
import { IntegrityFailure } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { listTenantIds } from "../tenants/directory";
import { openCredentialSecret, passwordRef } from "./credential-seals";

const BATCH = 200;
/** Re-sealing changes no value, so it records nothing in the audit trail. */
const MAINTENANCE = { userId: null, label: "seal binding" };

/**
 * Re-seals passwords stored before seals were bound to their version (issue #11): each history value to its own
 * version, each current password to the version of the newest one. Until then an older value could be copied back
 * unnoticed; afterwards no unbound value is left to copy. Idempotent and safe beside live traffic: a row changed
 * meanwhile (its seal no longer the one read) is left for the next run. Returns how many values it re-sealed.
 */
export async function bindLegacyPasswords(): Promise<number> {
  let bound = 0;
  for (const tenantId of await listTenantIds()) {
    for (let after = ""; ; ) {
      const page = await withTenantScope(tenantId, MAINTENANCE, (scope) => bindHistoryPage(scope, after));
      bound += page.bound;
      if (page.last === null) break;
      after = page.last;
    }
    for (let after = ""; ; ) {
      const page = await withTenantScope(tenantId, MAINTENANCE, (scope) => bindCurrentPage(scope, after));
      bound += page.bound;
      if (page.last === null) break;
      after = page.last;
    }
  }
  return bound;
}

type Page = { bound: number; last: string | null };

async function bindHistoryPage(scope: TenantScope, after: string): Promise<Page> {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .select({ id: credentialVersions.id, credentialId: credentialVersions.credentialId, version: credentialVersions.version, secret: credentialVersions.secret })
    .from(credentialVersions)
    .where(and(eq(credentialVersions.tenantId, tenantId), isNotNull(credentialVersions.secret), isNull(credentialVersions.secretGeneration), gt(credentialVersions.id, after || MIN_UUID)))
    .orderBy(asc(credentialVersions.id))
    .limit(BATCH);
  let bound = 0;
  for (const row of rows) {
    const secret = await rebind(scope, row.credentialId, row.secret!, row.version);
    if (!secret) continue;
    await tx
      .update(credentialVersions)
      .set({ secret, secretGeneration: row.version })
      .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.id, row.id), eq(credentialVersions.secret, row.secret!)));
    bound++;
  }
  return { bound, last: rows.length === BATCH ? rows[rows.length - 1]!.id : null };
}

async function bindCurrentPage(scope: TenantScope, after: string): Promise<Page> {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .select({ id: credentials.id, secret: credentials.secret })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), isNull(credentials.secretGeneration), gt(credentials.id, after || MIN_UUID)))
    .orderBy(asc(credentials.id))
    .limit(BATCH);
  let bound = 0;
  for (const row of rows) {
    const [newest] = await tx
      .select({ version: credentialVersions.version })
      .from(credentialVersions)
      .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, row.id), isNotNull(credentialVersions.secret)))
      .orderBy(desc(credentialVersions.version))
      .limit(1);
    const secret = newest ? await rebind(scope, row.id, row.secret, newest.version) : null;
    if (!secret) continue; // no history to bind against, or a value that does not open: left as it is
    await tx
      .update(credentials)
      .set({ secret, secretGeneration: newest!.version })
      .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, row.id), eq(credentials.secret, row.secret)));
    bound++;
  }
  return { bound, last: rows.length === BATCH ? rows[rows.length - 1]!.id : null };
}

const MIN_UUID = "00000000-0000-0000-0000-000000000000";

/** The value re-sealed bound to `generation`, or null when it does not open (reveal reports that as it is). */
async function rebind(scope: TenantScope, credentialId: string, sealed: Sealed, generation: number): Promise<Sealed | null> {
  const { db: tx, tenantId } = scope;
  const value = await openCredentialSecret(scope, passwordRef(credentialId, null), sealed).catch((error: unknown) => {
    if (error instanceof IntegrityFailure) return null;
    throw error;
  });
  return value === null ? null : sealTenantSecret(tx, tenantId, passwordRef(credentialId, generation), value);
}
