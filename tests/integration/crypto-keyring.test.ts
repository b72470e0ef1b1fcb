import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROLE, openDatabase, withTenant, withUser, type Database, type Tx } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { systemKeys, tenantKeys, tenants } from "@/db/schema";
import {
  clearKeyCache,
  createTenantKey,
  decodeMasterKey,
  DecryptionError,
  masterKey,
  openSystemSecret,
  openTenantSecret,
  readyTenantSecret,
  resealTenantSecret,
  rewrapAllKeys,
  rotateTenantKey,
  sealSystemSecret,
  sealTenantSecret,
  type FieldRef,
  type Sealed,
} from "@/server/crypto";
import { setMasterKeyForProcess } from "@/server/crypto/master-key";
import { testDatabaseUrl } from "../support/database-target";
import { bareTenant } from "../support/db";

const ref = (over: Partial<FieldRef> = {}): FieldRef => ({
  table: "credentials",
  rowId: "11111111-1111-4111-8111-111111111111",
  field: "secret",
  ...over,
});

/** Rebuilds an envelope with one bit of its nonce | ciphertext | tag flipped at `index`. */
function tamper(sealed: Sealed, index: number): Sealed {
  const [format, version, body] = sealed.split(".");
  const box = Buffer.from(body!, "base64url");
  box[index] = box[index]! ^ 0x01;
  return `${format}.${version}.${box.toString("base64url")}` as Sealed;
}

const seal = (tenantId: string, r: FieldRef, plaintext: string) =>
  withTenant(tenantId, (tx) => sealTenantSecret(tx, tenantId, r, plaintext));
const open = (tenantId: string, r: FieldRef, sealed: Sealed) =>
  withTenant(tenantId, (tx) => openTenantSecret(tx, tenantId, r, sealed));

describe("tenant secrets", () => {
  it.each([
    ["unicode", "pässwörd – 密码 – 🔐🗝️ – \u200b"],
    ["the empty string", ""],
    ["10 KB", "0123456789abcdéf🔑".repeat(10 * 1024).slice(0, 10 * 1024)],
  ])("round-trips %s", async (_label, plaintext) => {
    const t = await bareTenant();
    const sealed = await seal(t.id, ref(), plaintext);
    if (plaintext) expect(sealed).not.toContain(plaintext);
    expect(await open(t.id, ref(), sealed)).toBe(plaintext);
  });

  it("stores a v1.<keyVersion>.<base64url> envelope of nonce | ciphertext | tag", async () => {
    const t = await bareTenant();
    const sealed = await seal(t.id, ref(), "hunter2");
    expect(sealed).toMatch(/^v1\.1\.[A-Za-z0-9_-]+$/);
    const box = Buffer.from(sealed.split(".")[2]!, "base64url");
    expect(box).toHaveLength(12 + "hunter2".length + 16);
  });

  it("seals the same plaintext differently each time", async () => {
    const t = await bareTenant();
    const [a, b] = await Promise.all([seal(t.id, ref(), "same"), seal(t.id, ref(), "same")]);
    expect(a).not.toBe(b);
  });

  it("refuses a tampered ciphertext, tag or nonce", async () => {
    const t = await bareTenant();
    const sealed = await seal(t.id, ref(), "hunter2");
    for (const index of [0, 12, 12 + 6, 12 + 7, 12 + 7 + 15]) {
      await expect(open(t.id, ref(), tamper(sealed, index))).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it("refuses an envelope whose key version was edited", async () => {
    const t = await bareTenant();
    await withTenant(t.id, (tx) => rotateTenantKey(tx, t.id));
    const sealed = await seal(t.id, ref(), "hunter2");
    expect(sealed.startsWith("v1.2.")).toBe(true);
    // Version 1 exists, but the version is bound into the AAD.
    await expect(open(t.id, ref(), sealed.replace(/^v1\.2\./, "v1.1.") as Sealed)).rejects.toBeInstanceOf(
      DecryptionError,
    );
    await expect(open(t.id, ref(), sealed.replace(/^v1\.2\./, "v1.9.") as Sealed)).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });

  describe("a ciphertext moved elsewhere fails to open", () => {
    let tenantId: string;
    let sealed: Sealed;
    beforeAll(async () => {
      tenantId = (await bareTenant()).id;
      sealed = await seal(tenantId, ref(), "s3cret-value");
    });

    it.each([
      ["another row", { rowId: "22222222-2222-4222-8222-222222222222" }],
      ["another field", { field: "notes" }],
      ["another table", { table: "users" }],
    ])("to %s", async (_label, moved) => {
      const attempt = open(tenantId, ref(moved), sealed);
      await expect(attempt).rejects.toBeInstanceOf(DecryptionError);
      await expect(attempt).rejects.not.toThrow(/s3cret-value/);
    });

    it("to another tenant", async () => {
      const other = await bareTenant();
      const attempt = open(other.id, ref(), sealed);
      await expect(attempt).rejects.toBeInstanceOf(DecryptionError);
      await expect(attempt).rejects.not.toThrow(/s3cret-value/);
    });

    it("nor when a tenant's transaction names the other tenant, even with its key cached", async () => {
      const other = await bareTenant();
      // The owner just opened it, so its data key is in the process cache: RLS must still decide.
      expect(await open(tenantId, ref(), sealed)).toBe("s3cret-value");
      await expect(
        withTenant(other.id, (tx) => openTenantSecret(tx, tenantId, ref(), sealed)),
      ).rejects.toBeInstanceOf(DecryptionError);
    });
  });

  it("readyTenantSecret reads the key now and opens on the call: the same answers and refusals as openTenantSecret", async () => {
    const t = await bareTenant();
    const other = await bareTenant();
    const sealed = await seal(t.id, ref(), "r3ady-value");
    expect(await withTenant(t.id, async (tx) => readyTenantSecret(tx, t.id, ref(), sealed)())).toBe("r3ady-value");
    // Another tenant's transaction: RLS hides the key row; the refusal comes from the call, not from the read.
    const hidden = withTenant(other.id, async (tx) => {
      const opened = readyTenantSecret(tx, t.id, ref(), sealed);
      return opened();
    });
    await expect(hidden).rejects.toBeInstanceOf(DecryptionError);
    // A malformed value, and one moved to another field: nothing thrown before the call, DecryptionError on it.
    await withTenant(t.id, async (tx) => {
      const malformed = readyTenantSecret(tx, t.id, ref(), "v1.x.y" as Sealed);
      const moved = readyTenantSecret(tx, t.id, ref({ field: "notes" }), sealed);
      await expect(malformed()).rejects.toBeInstanceOf(DecryptionError);
      await expect(moved()).rejects.toBeInstanceOf(DecryptionError);
    });
    // Never called: the read's answer is dropped without an unhandled rejection, and the transaction commits.
    await withTenant(other.id, async (tx) => void readyTenantSecret(tx, t.id, ref(), tamper(sealed, 3)));
  });

  it("after rotateTenantKey, new seals use version 2, old ones open, and reseal upgrades them", async () => {
    const t = await bareTenant();
    const old = await seal(t.id, ref(), "before rotation");
    expect(old.startsWith("v1.1.")).toBe(true);

    expect(await withTenant(t.id, (tx) => rotateTenantKey(tx, t.id))).toBe(2);
    const fresh = await seal(t.id, ref(), "after rotation");
    expect(fresh.startsWith("v1.2.")).toBe(true);
    expect(await open(t.id, ref(), old)).toBe("before rotation");
    expect(await open(t.id, ref(), fresh)).toBe("after rotation");

    const resealed = await withTenant(t.id, (tx) => resealTenantSecret(tx, t.id, ref(), old));
    expect(resealed.startsWith("v1.2.")).toBe(true);
    expect(await open(t.id, ref(), resealed)).toBe("before rotation");
    // Already current: left exactly as it was.
    expect(await withTenant(t.id, (tx) => resealTenantSecret(tx, t.id, ref(), fresh))).toBe(fresh);
    // The resealed value is still bound to its row.
    await expect(open(t.id, ref({ rowId: randomUUID() }), resealed)).rejects.toBeInstanceOf(DecryptionError);

    const versions = await withTenant(t.id, (tx) => tx.select({ v: tenantKeys.version }).from(tenantKeys));
    expect(versions.map((r) => r.v).sort()).toEqual([1, 2]);
  });
});

describe("system secrets", () => {
  const userRef = (rowId: string, field = "totp_secret"): FieldRef => ({ table: "users", rowId, field });

  it("round-trip, and are bound to their row and field", async () => {
    const rowId = randomUUID();
    const sealed = await withUser(undefined, (tx) => sealSystemSecret(tx, userRef(rowId), "JBSWY3DPEHPK3PXP"));
    expect(sealed).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]+$/);
    expect(await withUser(undefined, (tx) => openSystemSecret(tx, userRef(rowId), sealed))).toBe("JBSWY3DPEHPK3PXP");
    await expect(
      withUser(undefined, (tx) => openSystemSecret(tx, userRef(randomUUID()), sealed)),
    ).rejects.toBeInstanceOf(DecryptionError);
    await expect(
      withUser(undefined, (tx) => openSystemSecret(tx, userRef(rowId, "backup_codes"), sealed)),
    ).rejects.toBeInstanceOf(DecryptionError);
  });

  it("cannot be opened as a tenant secret with the same reference", async () => {
    const t = await bareTenant();
    const rowId = randomUUID();
    const sealed = await withUser(undefined, (tx) => sealSystemSecret(tx, userRef(rowId), "JBSWY3DPEHPK3PXP"));
    await expect(open(t.id, userRef(rowId), sealed)).rejects.toThrow();
  });
});

describe("decodeMasterKey", () => {
  const b64 = (n: number) => Buffer.alloc(n, 1).toString("base64");

  it("accepts exactly 32 bytes", () => {
    expect(Array.from(decodeMasterKey(` ${b64(32)}\n`, "VAULTLINE_MASTER_KEY"))).toEqual(Array(32).fill(1));
  });

  it.each([0, 16, 31, 33, 64])("rejects %i bytes, naming the variable", (n) => {
    expect(() => decodeMasterKey(b64(n), "VAULTLINE_MASTER_KEY")).toThrow(
      `VAULTLINE_MASTER_KEY must be 32 bytes encoded as base64 (got ${n} bytes)`,
    );
  });

  it("names the file when the key came from one", () => {
    expect(() => decodeMasterKey(b64(8), "/srv/vaultline/master.key")).toThrow(/^\/srv\/vaultline\/master\.key must/);
  });
});

/**
 * KEK rotation re-wraps every key in the database it is given, so it runs on a database of its own: a fresh
 * in-memory PGlite, or on PostgreSQL a throwaway database on the same server. Running it on the shared test
 * database would re-wrap the keys of tenants that other test files are using at the same moment.
 */
async function isolatedDatabase(): Promise<{ db: Database; dispose: () => Promise<void> }> {
  const url = testDatabaseUrl();
  if (!url) {
    const handle = await openDatabase(undefined); // VAULTLINE_DATA_DIR=memory:// in tests: a new, empty database
    await migrateDatabase(handle.db, handle.kind);
    return { db: handle.db, dispose: handle.close };
  }
  const name = `vaultline_kek_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const { default: postgres } = await import("postgres");
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const isolatedUrl = new URL(url);
  isolatedUrl.pathname = `/${name}`;
  const handle = await openDatabase(isolatedUrl.toString());
  const dispose = async () => {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    await migrateDatabase(handle.db, handle.kind);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { db: handle.db, dispose };
}

/** withTenant() for a database other than the process-wide one. */
function asTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
    return fn(tx as Tx);
  });
}

describe("rewrapAllKeys (KEK rotation), on an isolated database", () => {
  const originalKek = masterKey();
  let iso: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    // The key cache is keyed by scope and version only, and "system:1" exists in both databases.
    clearKeyCache();
    iso = await isolatedDatabase();
  });

  afterAll(async () => {
    setMasterKeyForProcess(originalKek);
    clearKeyCache();
    await iso?.dispose();
  });

  it("re-wraps every data and system key; everything opens under the new KEK and not under the old", async () => {
    const { db } = iso;
    const ids: string[] = [];
    for (const slug of ["kek-a", "kek-b"]) {
      const [row] = await db.insert(tenants).values({ slug, name: slug }).returning();
      ids.push(row!.id);
      await asTenant(db, row!.id, (tx) => createTenantKey(tx, row!.id));
    }
    const [a, b] = ids as [string, string];
    await asTenant(db, a, (tx) => rotateTenantKey(tx, a));

    const sealedA = await asTenant(db, a, (tx) => sealTenantSecret(tx, a, ref(), "tenant a, key v2"));
    const sealedB = await asTenant(db, b, (tx) => sealTenantSecret(tx, b, ref(), "tenant b, key v1"));
    const sysRef = { table: "users", rowId: randomUUID(), field: "totp_secret" };
    const sealedSys = await asTenant(db, "", (tx) => sealSystemSecret(tx, sysRef, "JBSWY3DPEHPK3PXP"));
    expect(sealedA.startsWith("v1.2.")).toBe(true);

    const before = await db.select().from(tenantKeys);
    const beforeSys = await db.select().from(systemKeys);

    const newKek = crypto.getRandomValues(new Uint8Array(32));
    // Two tenant keys for a, one for b, one system key.
    expect(await rewrapAllKeys(db, originalKek, newKek)).toBe(4);

    const after = await db.select().from(tenantKeys);
    expect(after).toHaveLength(3);
    for (const row of after) {
      const old = before.find((r) => r.tenantId === row.tenantId && r.version === row.version);
      expect(row.wrappedKey).not.toBe(old!.wrappedKey);
    }
    expect((await db.select().from(systemKeys))[0]!.wrappedKey).not.toBe(beforeSys[0]!.wrappedKey);

    const openAll = () =>
      Promise.all([
        asTenant(db, a, (tx) => openTenantSecret(tx, a, ref(), sealedA)),
        asTenant(db, b, (tx) => openTenantSecret(tx, b, ref(), sealedB)),
        asTenant(db, "", (tx) => openSystemSecret(tx, sysRef, sealedSys)),
      ]);

    clearKeyCache();
    setMasterKeyForProcess(newKek);
    expect(await openAll()).toEqual(["tenant a, key v2", "tenant b, key v1", "JBSWY3DPEHPK3PXP"]);
    // Version 1 of tenant a was re-wrapped too: its key still unwraps and new seals still work.
    expect(await asTenant(db, a, (tx) => rotateTenantKey(tx, a))).toBe(3);

    clearKeyCache();
    setMasterKeyForProcess(originalKek);
    await expect(asTenant(db, a, (tx) => openTenantSecret(tx, a, ref(), sealedA))).rejects.toBeInstanceOf(
      DecryptionError,
    );
    await expect(asTenant(db, b, (tx) => openTenantSecret(tx, b, ref(), sealedB))).rejects.toBeInstanceOf(
      DecryptionError,
    );
    await expect(asTenant(db, "", (tx) => openSystemSecret(tx, sysRef, sealedSys))).rejects.toBeInstanceOf(
      DecryptionError,
    );
    // And re-wrapping with the wrong old KEK changes nothing (one transaction).
    const snapshot = await db.select().from(tenantKeys);
    await expect(rewrapAllKeys(db, originalKek, newKek)).rejects.toBeInstanceOf(DecryptionError);
    expect(await db.select().from(tenantKeys)).toEqual(snapshot);
  });
});
