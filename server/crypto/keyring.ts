import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { bytesToUtf8, utf8ToBytes } from "@noble/ciphers/utils.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { enterTenant, type Tx, type Database } from "@/db/client";
import { reusableStatement } from "@/db/reusable-statement";
import { auditKeys, systemKeys, tenantKeys, tenants } from "@/db/schema";
import { aeadOpen, aeadSeal, DecryptionError, newKey } from "./aead";
import { bindingAad, decodeEnvelope, encodeEnvelope } from "./envelope";
import { KeyCache } from "./key-cache";
import { masterKey } from "./master-key";
import type { Plaintext, Sealed } from "@/lib/secret-brands";

/**
 * Where a sealed value lives; bound into its AAD so it cannot be moved to another row or field. `generation` (the
 * row version the value was written at) also binds it in time, so an older value copied back over a newer one fails
 * to open; values sealed without one keep opening without one.
 */
export type FieldRef = { table: string; rowId: string; field: string; generation?: number };

/**
 * Unwrapped keys by "<scope>:<version>": at most VAULTLINE_KEY_CACHE_ENTRIES (1000) of them, each for at most
 * VAULTLINE_KEY_CACHE_SECONDS (300) after it was unwrapped, zeroed when it leaves.
 */
const keyCache = new KeyCache(
  Number(process.env.VAULTLINE_KEY_CACHE_ENTRIES ?? 1000),
  Number(process.env.VAULTLINE_KEY_CACHE_SECONDS ?? 300) * 1000,
);

function wrapAad(scope: string, version: number) {
  return bindingAad(["vaultline-key", scope, version]);
}

function wrap(scope: string, version: number, key: Uint8Array, kek = masterKey()): string {
  return encodeEnvelope(version, aeadSeal(kek, key, wrapAad(scope, version)));
}

/** Runs `use` with the key `wrapped` holds, unwrapped under the master key or taken from the cache. */
function withKey<T>(scope: string, version: number, wrapped: string, use: (key: Uint8Array) => T): T {
  const unwrap = () => aeadOpen(masterKey(), decodeEnvelope(wrapped as Sealed).box, wrapAad(scope, version));
  return keyCache.with(`${scope}:${version}`, unwrap, use);
}

/** Forgets (and zeroes) unwrapped keys: after a KEK rotation, and in tests. */
export function clearKeyCache(): void {
  keyCache.clear();
}

/** Creates the tenant's first data key. Call once, in the transaction that creates the tenant. */
export async function createTenantKey(tx: Tx, tenantId: string): Promise<void> {
  await tx.insert(tenantKeys).values({ tenantId, version: 1, wrappedKey: wrap(tenantId, 1, newKey()) });
}

/** Adds a new data key version for the tenant; new seals use it, old versions stay readable. */
export async function rotateTenantKey(tx: Tx, tenantId: string): Promise<number> {
  const current = await currentTenantKey(tx, tenantId);
  const version = current.version + 1;
  await tx.insert(tenantKeys).values({ tenantId, version, wrappedKey: wrap(tenantId, version, newKey()) });
  return version;
}

/** The tenant's current data key row (version and wrapped key). */
async function currentTenantKey(tx: Tx, tenantId: string) {
  const [row] = await tx
    .select({ version: tenantKeys.version, wrappedKey: tenantKeys.wrappedKey })
    .from(tenantKeys)
    .where(and(eq(tenantKeys.tenantId, tenantId), isNull(tenantKeys.retiredAt)))
    .orderBy(desc(tenantKeys.version))
    .limit(1);
  if (!row) throw new Error("Tenant has no data key");
  return row;
}

/** The wrapped key of one version of the tenant's data key. */
async function tenantKeyVersion(tx: Tx, tenantId: string, version: number): Promise<string> {
  // Always read the row, even when the key is cached: the read goes through RLS, so a transaction scoped to
  // another tenant cannot use this tenant's cached key.
  const [row] = await tenantKeyRow(tx, { tenantId, version });
  if (!row) throw new DecryptionError(); // unknown version, or another tenant's key hidden by RLS
  return row.wrappedKey;
}

const tenantKeyRow = reusableStatement("tenant_key_version", (tx) =>
  tx
    .select({ wrappedKey: tenantKeys.wrappedKey })
    .from(tenantKeys)
    .where(and(eq(tenantKeys.tenantId, sql.placeholder("tenantId")), eq(tenantKeys.version, sql.placeholder("version"))))
    .limit(1),
);

function tenantAad(tenantId: string, ref: FieldRef, version: number) {
  const parts = ["tenant", tenantId, ref.table, ref.rowId, ref.field, version];
  return bindingAad(ref.generation === undefined ? parts : [...parts, "generation", ref.generation]);
}

/** Seals with the tenant's current data key, read once: each call is then local work (no query per value). */
export type TenantSealer = {
  (ref: FieldRef, plaintext: string): Sealed;
  bytes(ref: FieldRef, plaintext: Uint8Array): Sealed;
};

/**
 * A sealer for many values in one transaction (an import's rows): the tenant's current data key is read once, and
 * every value is sealed exactly as sealTenantSecret seals it, bound to its tenant, table, row and field.
 */
export async function tenantSealer(tx: Tx, tenantId: string): Promise<TenantSealer> {
  const { version, wrappedKey } = await currentTenantKey(tx, tenantId);
  const bytes = (ref: FieldRef, plaintext: Uint8Array) =>
    encodeEnvelope(version, withKey(tenantId, version, wrappedKey, (key) => aeadSeal(key, plaintext, tenantAad(tenantId, ref, version))));
  return Object.assign((ref: FieldRef, plaintext: string) => bytes(ref, utf8ToBytes(plaintext)), { bytes });
}

/** Seals a tenant secret under the tenant's current data key, bound to its tenant, table, row and field. */
export async function sealTenantSecret(tx: Tx, tenantId: string, ref: FieldRef, plaintext: string): Promise<Sealed> {
  return (await tenantSealer(tx, tenantId))(ref, plaintext);
}

/** Opens a value sealed as bytes (an uploaded file); throws DecryptionError if it was tampered with or moved. */
export async function openTenantBytes(tx: Tx, tenantId: string, ref: FieldRef, sealed: Sealed): Promise<Uint8Array> {
  const { keyVersion, box } = decodeEnvelope(sealed);
  const wrappedKey = await tenantKeyVersion(tx, tenantId, keyVersion);
  return withKey(tenantId, keyVersion, wrappedKey, (key) => aeadOpen(key, box, tenantAad(tenantId, ref, keyVersion)));
}

/**
 * Opens a tenant secret in two steps: the read of its key row is sent now, so it travels with whatever the caller
 * sends in the same tick (a reveal sends it with the hand-out's audit row and limit check: one round trip for all),
 * and the returned function opens the value once the caller has decided to (the limits passed). What openTenantSecret
 * would throw (DecryptionError for a tampered, moved or malformed value, or an unknown key version) the returned
 * function throws; nothing is thrown before, and a read never opened leaves no unhandled rejection.
 */
export function readyTenantSecret(tx: Tx, tenantId: string, ref: FieldRef, sealed: Sealed): () => Promise<Plaintext> {
  let keyVersion: number, box: Uint8Array;
  try {
    ({ keyVersion, box } = decodeEnvelope(sealed));
  } catch (error) {
    return () => Promise.reject(error as Error);
  }
  const wrapped = tenantKeyVersion(tx, tenantId, keyVersion);
  wrapped.catch(() => undefined); // observed here; the open below rethrows it
  return async () => {
    const wrappedKey = await wrapped;
    return bytesToUtf8(withKey(tenantId, keyVersion, wrappedKey, (key) => aeadOpen(key, box, tenantAad(tenantId, ref, keyVersion)))) as Plaintext;
  };
}

/** Opens a tenant secret; throws DecryptionError if it was tampered with or moved. */
export async function openTenantSecret(tx: Tx, tenantId: string, ref: FieldRef, sealed: Sealed): Promise<Plaintext> {
  return bytesToUtf8(await openTenantBytes(tx, tenantId, ref, sealed)) as Plaintext;
}

/**
 * For opening many of a tenant's secrets at once (an export of thousands of passwords): reads the tenant's key rows
 * once, through RLS like openTenantSecret, and returns a function that opens one sealed value with them, throwing
 * DecryptionError as openTenantSecret does. Use it within the transaction it was made in.
 */
export async function tenantSecretOpener(tx: Tx, tenantId: string): Promise<(ref: FieldRef, sealed: Sealed) => Plaintext> {
  const rows = await tx
    .select({ version: tenantKeys.version, wrappedKey: tenantKeys.wrappedKey })
    .from(tenantKeys)
    .where(eq(tenantKeys.tenantId, tenantId));
  const wrappedByVersion = new Map(rows.map((r) => [r.version, r.wrappedKey]));
  return (ref, sealed) => {
    const { keyVersion, box } = decodeEnvelope(sealed);
    const wrappedKey = wrappedByVersion.get(keyVersion);
    if (wrappedKey === undefined) throw new DecryptionError();
    return bytesToUtf8(withKey(tenantId, keyVersion, wrappedKey, (key) => aeadOpen(key, box, tenantAad(tenantId, ref, keyVersion)))) as Plaintext;
  };
}

/** Re-seals a value under the tenant's current key (the DEK re-encryption job); a no-op if already current. */
export async function resealTenantSecret(tx: Tx, tenantId: string, ref: FieldRef, sealed: Sealed): Promise<Sealed> {
  const current = await currentTenantKey(tx, tenantId);
  if (decodeEnvelope(sealed).keyVersion === current.version) return sealed;
  return sealTenantSecret(tx, tenantId, ref, await openTenantSecret(tx, tenantId, ref, sealed));
}

/** The current system key row, created on first use. */
async function currentSystemKey(tx: Tx): Promise<{ version: number; wrappedKey: string }> {
  const [row] = await tx.select().from(systemKeys).orderBy(desc(systemKeys.version)).limit(1);
  if (row) return row;
  // First use: create version 1. A concurrent first use by another instance loses the race harmlessly.
  const inserted = await tx
    .insert(systemKeys)
    .values({ version: 1, wrappedKey: wrap("system", 1, newKey()) })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return currentSystemKey(tx);
  return inserted[0]!;
}

function systemAad(ref: FieldRef, version: number) {
  return bindingAad(["system", ref.table, ref.rowId, ref.field, version]);
}

/** Seals a secret that belongs to no tenant (a user's TOTP seed). */
export async function sealSystemSecret(tx: Tx, ref: FieldRef, plaintext: string): Promise<Sealed> {
  const { version, wrappedKey } = await currentSystemKey(tx);
  return encodeEnvelope(version, withKey("system", version, wrappedKey, (key) => aeadSeal(key, utf8ToBytes(plaintext), systemAad(ref, version))));
}

export async function openSystemSecret(tx: Tx, ref: FieldRef, sealed: Sealed): Promise<Plaintext> {
  const { keyVersion, box } = decodeEnvelope(sealed);
  const [row] = await tx.select().from(systemKeys).where(eq(systemKeys.version, keyVersion)).limit(1);
  if (!row) throw new DecryptionError();
  return bytesToUtf8(withKey("system", keyVersion, row.wrappedKey, (key) => aeadOpen(key, box, systemAad(ref, keyVersion)))) as Plaintext;
}

/** HMAC-SHA-256 under a tenant's audit key, hex; the key itself never leaves server/crypto. */
export type AuditMac = (message: string) => string;

const auditScope = (tenantId: string) => `audit:${tenantId}`;

/**
 * The tenant's audit MAC, for sealing (`create`: makes the key on first use) or verifying (null when the tenant
 * never had one). The key is random and wrapped by the master key, so re-wrapping on a master-key rotation keeps
 * every old chain verifiable.
 */
export async function tenantAuditMac(tx: Tx, tenantId: string, options: { create: boolean }): Promise<AuditMac | null> {
  const read = () => tx.select().from(auditKeys).where(eq(auditKeys.tenantId, tenantId)).limit(1);
  let [row] = await read();
  if (!row && options.create) {
    await tx.insert(auditKeys).values({ tenantId, wrappedKey: wrap(auditScope(tenantId), 1, newKey()) }).onConflictDoNothing();
    [row] = await read();
  }
  if (!row) return null;
  const { wrappedKey } = row;
  withKey(auditScope(tenantId), 1, wrappedKey, () => undefined); // a key that does not open fails here, not mid-chain
  return (message) => withKey(auditScope(tenantId), 1, wrappedKey, (key) => Buffer.from(hmac(sha256, key, utf8ToBytes(message))).toString("hex"));
}

/**
 * KEK rotation: re-wraps every tenant data key, audit key and system key from `oldKek` to `newKek` in one transaction.
 * Data rows are untouched. Runs as the database owner (it spans tenants): an operator command, not a request.
 */
export async function rewrapAllKeys(db: Database, oldKek: Uint8Array, newKek: Uint8Array): Promise<number> {
  return db.transaction(async (tx) => {
    let count = 0;
    // Tenant by tenant with the RLS setting in place: an owner role that is not a superuser sees no
    // tenant_keys rows without it, and a silent partial re-wrap would lose those tenants' data.
    for (const { id: tenantId } of await tx.select({ id: tenants.id }).from(tenants)) {
      await enterTenant(tx as Tx, tenantId);
      const rows = await tx.select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenantId));
      if (rows.length === 0) throw new Error(`Tenant ${tenantId} has no readable data keys: refusing a partial re-wrap`);
      for (const row of rows) {
        const key = aeadOpen(oldKek, decodeEnvelope(row.wrappedKey as Sealed).box, wrapAad(row.tenantId, row.version));
        await tx
          .update(tenantKeys)
          .set({ wrappedKey: wrap(row.tenantId, row.version, key, newKek) })
          .where(and(eq(tenantKeys.tenantId, row.tenantId), eq(tenantKeys.version, row.version)));
        count++;
      }
      for (const row of await tx.select().from(auditKeys).where(eq(auditKeys.tenantId, tenantId))) {
        const scope = auditScope(tenantId);
        const key = aeadOpen(oldKek, decodeEnvelope(row.wrappedKey as Sealed).box, wrapAad(scope, 1));
        await tx.update(auditKeys).set({ wrappedKey: wrap(scope, 1, key, newKek) }).where(eq(auditKeys.tenantId, tenantId));
        count++;
      }
    }
    for (const row of await tx.select().from(systemKeys)) {
      const key = aeadOpen(oldKek, decodeEnvelope(row.wrappedKey as Sealed).box, wrapAad("system", row.version));
      await tx
        .update(systemKeys)
        .set({ wrappedKey: wrap("system", row.version, key, newKek) })
        .where(eq(systemKeys.version, row.version));
      count++;
    }
    clearKeyCache();
    return count;
  });
}
