import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KEY_BYTES, newKey } from "./aead";

let cached: Uint8Array | undefined;

/**
 * The key-encryption key. VAULTLINE_MASTER_KEY (32 bytes, base64) in production; in embedded mode a key is
 * generated once into <data dir>/master.key (0600) with a loud warning, since losing that file loses the vault.
 */
export function masterKey(): Uint8Array {
  if (cached) return cached;
  const fromEnv = process.env.VAULTLINE_MASTER_KEY;
  if (fromEnv) {
    cached = decodeMasterKey(fromEnv, "VAULTLINE_MASTER_KEY");
    return cached;
  }
  if (process.env.VAULTLINE_DATA_DIR === "memory://") {
    cached = newKey(); // in-memory database: the key lives exactly as long as the data
    return cached;
  }
  const file = path.join(path.resolve(/*turbopackIgnore: true*/ process.env.VAULTLINE_DATA_DIR ?? ".data"), "master.key");
  if (existsSync(file)) {
    cached = decodeMasterKey(readFileSync(file, "utf8").trim(), file);
    return cached;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const key = newKey();
  writeFileSync(file, Buffer.from(key).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  console.warn(
    `\n!!! Vaultline generated a master key at ${file}.\n!!! Every stored secret depends on it: back it up, or set VAULTLINE_MASTER_KEY in production.\n`,
  );
  cached = key;
  return key;
}

/** Parses a base64 master key, refusing anything that is not exactly 32 bytes. */
export function decodeMasterKey(value: string, source: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(value.trim(), "base64"));
  if (bytes.length !== KEY_BYTES) {
    throw new Error(`${source} must be ${KEY_BYTES} bytes encoded as base64 (got ${bytes.length} bytes)`);
  }
  return bytes;
}

/** For tests and KEK rotation: replaces the cached master key. */
export function setMasterKeyForProcess(key: Uint8Array): void {
  cached = key;
}
