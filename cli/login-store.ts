import { rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { InsecureFileError, readPrivateJson, writePrivateJson } from "../agent/secure-file";
import { CliError, EXIT } from "./exit-codes";

/*
 * Where the CLI keeps its login: the app's URL in login.json under $XDG_CONFIG_HOME/vaultline (~/.config/vaultline),
 * mode 0600, and the API key in the OS keyring (Keychain, Windows Credential Manager, Secret Service) when there is
 * one, else in that same file. VAULTLINE_API_KEY and VAULTLINE_URL override it, for CI.
 */

export type Login = { url: string; key: string; source: "environment" | "keyring" | "file" };

type StoredLogin = { url: string; store: "keyring" } | { url: string; store: "file"; key: string };

const KEYRING_SERVICE = "vaultline";

export function loginFilePath(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(homedir(), ".config");
  return path.join(base, "vaultline", "login.json");
}

/** The app's base URL, normalised ("https://vault.example.com"), or a usage error naming what is wrong with it. */
export function normaliseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(EXIT.usage, `--url must be the app's address, such as https://vault.example.com (got "${text}").`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new CliError(EXIT.usage, "--url must start with https:// (or http:// for a local app).");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The OS keyring entry for this app's key, or null when there is no usable keyring (or it is switched off). */
async function keyringEntry(url: string) {
  if (process.env.VAULTLINE_NO_KEYRING === "1") return null;
  try {
    const { Entry } = await import("@napi-rs/keyring");
    return new Entry(KEYRING_SERVICE, url);
  } catch {
    return null; // no prebuilt binding for this platform
  }
}

function readStored(): StoredLogin | undefined {
  try {
    return readPrivateJson(loginFilePath()) as StoredLogin | undefined;
  } catch (error) {
    if (error instanceof InsecureFileError) throw new CliError(EXIT.auth, error.message);
    throw new CliError(EXIT.usage, `${loginFilePath()} is not a login file vaultline can read: run vaultline login again.`);
  }
}

/** Stores the key (keyring first, else the 0600 file) and the URL; answers where the key went. */
export async function saveLogin(url: string, key: string): Promise<{ storedIn: string }> {
  const entry = await keyringEntry(url);
  if (entry) {
    try {
      entry.setPassword(key);
      writePrivateJson(loginFilePath(), { url, store: "keyring" } satisfies StoredLogin);
      return { storedIn: "the OS keyring" };
    } catch {
      // A headless machine has no Secret Service to talk to: fall through to the file.
    }
  }
  writePrivateJson(loginFilePath(), { url, store: "file", key } satisfies StoredLogin);
  return { storedIn: loginFilePath() };
}

/** The login to use: the environment's, else the stored one; a clear error when there is none. */
export async function loadLogin(): Promise<Login> {
  const envKey = process.env.VAULTLINE_API_KEY;
  if (envKey) {
    // The stored login is read only for its URL, when the environment gives none.
    const url = process.env.VAULTLINE_URL || readStored()?.url;
    if (!url) throw new CliError(EXIT.usage, "VAULTLINE_API_KEY is set but VAULTLINE_URL is not: set it to the app's address.");
    return { url: normaliseUrl(url), key: envKey.trim(), source: "environment" };
  }
  const stored = readStored();
  if (!stored) throw new CliError(EXIT.auth, "Not logged in: run vaultline login --url <app url>, or set VAULTLINE_URL and VAULTLINE_API_KEY.");
  // A stored key goes only to the app it was stored for, never to another address named in the environment.
  if (process.env.VAULTLINE_URL && normaliseUrl(process.env.VAULTLINE_URL) !== stored.url) {
    throw new CliError(EXIT.usage, `VAULTLINE_URL names another app than the stored login (${stored.url}): set VAULTLINE_API_KEY for it too, or log in to it.`);
  }
  const url = stored.url;
  if (stored.store === "file") return { url, key: stored.key, source: "file" };
  const key = (await keyringEntry(stored.url))?.getPassword();
  if (!key) throw new CliError(EXIT.auth, "The API key is no longer in the OS keyring: run vaultline login again.");
  return { url, key, source: "keyring" };
}

/** Forgets the stored login (keyring entry and file); answers whether there was one. */
export async function removeLogin(): Promise<boolean> {
  const stored = readStored();
  if (!stored) return false;
  if (stored.store === "keyring") {
    try {
      (await keyringEntry(stored.url))?.deletePassword();
    } catch {
      // Already gone from the keyring: the file is what matters now.
    }
  }
  rmSync(loginFilePath(), { force: true });
  return true;
}

/** The recognisable start of a key ("vl_live_ab12…"), as the app lists it: never the key. */
export const keyPrefix = (key: string) => `${key.slice(0, 12)}…`;
