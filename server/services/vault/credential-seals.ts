import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { reusableStatement } from "@/db/reusable-statement";
import { credentialVersions } from "@/db/schema";
import { DecryptionError, readyTenantSecret, sealTenantSecret, type FieldRef, type Plaintext, type Sealed } from "@/server/crypto";
import { IntegrityFailure } from "@/server/errors";
import type { TenantScope } from "@/server/scope";

/** Where a secret field of a credential is sealed (the password is also bound to its generation: passwordRef). */
export const credentialFieldRef = (credentialId: string, field: string): FieldRef => ({ table: "credentials", rowId: credentialId, field });

/** The password's seal binding: its credential, and the version it was set at (null: sealed before that binding). */
export function passwordRef(credentialId: string, generation: number | null): FieldRef {
  const ref = credentialFieldRef(credentialId, "password");
  return generation === null ? ref : { ...ref, generation };
}

/** Runs `open` on a credential's sealed field; a value that does not open becomes an IntegrityFailure naming it. */
export async function guardIntegrity<T>(ref: FieldRef, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof DecryptionError) throw new IntegrityFailure(ref.rowId, ref.field);
    throw error;
  }
}

/** Opens one sealed field of a credential (see guardIntegrity). */
export function openCredentialSecret(scope: TenantScope, ref: FieldRef, sealed: Sealed): Promise<Plaintext> {
  return readyCredentialSecret(scope, ref, sealed)();
}

/**
 * openCredentialSecret in two steps (readyTenantSecret): its key row is read now, with whatever the caller sends in
 * the same tick, and the returned function opens it when called.
 */
export function readyCredentialSecret(scope: TenantScope, ref: FieldRef, sealed: Sealed): () => Promise<Plaintext> {
  const open = readyTenantSecret(scope.db, scope.tenantId, ref, sealed);
  return () => guardIntegrity(ref, open);
}

/** Seals a password set at `version`: the value for both the credential and that version's history row. */
export async function sealPassword(scope: TenantScope, credentialId: string, version: number, password: string) {
  const { db: tx, tenantId } = scope;
  return { secret: await sealTenantSecret(tx, tenantId, passwordRef(credentialId, version), password), secretGeneration: version };
}

type StoredPassword = { id: string; secret: Sealed; secretGeneration: number | null };

/** The generation of the newest password in the credential's history (undefined when it has none). */
export async function newestPasswordGeneration(scope: TenantScope, credentialId: string): Promise<number | null | undefined> {
  const [newest] = await newestPasswordVersion(scope.db, { tenantId: scope.tenantId, credentialId });
  return newest?.generation;
}

const newestPasswordVersion = reusableStatement("newest_password_version", (tx) =>
  tx
    .select({ generation: credentialVersions.secretGeneration })
    .from(credentialVersions)
    .where(
      and(
        eq(credentialVersions.tenantId, sql.placeholder("tenantId")),
        eq(credentialVersions.credentialId, sql.placeholder("credentialId")),
        isNotNull(credentialVersions.secret),
      ),
    )
    .orderBy(desc(credentialVersions.version))
    .limit(1),
);

/**
 * Opens the credential's current password. Its seal binds the version it was set at, and that version must be the
 * newest password in the credential's history (`newest`, from newestPasswordGeneration, read by the caller when it
 * can read it alongside other work), so an older value copied back, with or without its generation, is refused as
 * an IntegrityFailure.
 */
export function openCurrentPassword(scope: TenantScope, credential: StoredPassword, newest?: Promise<number | null | undefined>): Promise<Plaintext> {
  return readyCurrentPassword(scope, credential, newest)();
}

/** openCurrentPassword in two steps, as readyCredentialSecret: the key row is read now, the checks and the opening wait for the call. */
export function readyCurrentPassword(scope: TenantScope, credential: StoredPassword, newest?: Promise<number | null | undefined>): () => Promise<Plaintext> {
  const open = readyCredentialSecret(scope, passwordRef(credential.id, credential.secretGeneration), credential.secret);
  return async () => {
    if (credential.secretGeneration !== null) {
      const generation = await (newest ?? newestPasswordGeneration(scope, credential.id));
      if (generation !== credential.secretGeneration) throw new IntegrityFailure(credential.id, "password");
    }
    return open();
  };
}
