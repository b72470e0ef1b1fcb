import "server-only";
import { hashRaw } from "@node-rs/argon2";
import * as kdbxwebNamespace from "kdbxweb";

/*
 * kdbxweb reads and writes KeePass files but ships no Argon2 (the KDF of every KDBX 4 file): it asks its host for one.
 * Importing kdbxweb through this module installs @node-rs/argon2 (native, the same package that hashes account
 * passwords), so no caller can open or save a KDBX 4 file without it.
 */

// kdbxweb is a CommonJS bundle: bundlers (Next, Vitest) expose its exports by name, plain Node ESM only as `default`.
const kdbxweb: typeof kdbxwebNamespace =
  "Kdbx" in kdbxwebNamespace ? kdbxwebNamespace : (kdbxwebNamespace as unknown as { default: typeof kdbxwebNamespace }).default;

// @node-rs/argon2's enums are const enums, which isolatedModules cannot import: their values, spelled out.
const nodeArgon2Algorithm = { [kdbxweb.CryptoEngine.Argon2TypeArgon2d]: 0, [kdbxweb.CryptoEngine.Argon2TypeArgon2id]: 2 } as const;
const nodeArgon2Version = { 0x10: 0, 0x13: 1 } as const;

kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memoryKiB, iterations, length, parallelism, type, version) => {
  const hash = await hashRaw(new Uint8Array(password), {
    salt: new Uint8Array(salt),
    memoryCost: memoryKiB,
    timeCost: iterations,
    outputLen: length,
    parallelism,
    algorithm: nodeArgon2Algorithm[type],
    version: nodeArgon2Version[version],
  });
  return hash.buffer.slice(hash.byteOffset, hash.byteOffset + hash.byteLength) as ArrayBuffer;
});

export { kdbxweb };
