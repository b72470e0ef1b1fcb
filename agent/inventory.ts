import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { z } from "zod";
import type { CheckinRequest } from "../lib/agent-protocol";
import { AGENT_VERSION } from "./version";

export type LocalAccount = { username: string; uid: number; shell?: string; locked?: boolean };
export type OsInfo = { name: string; version: string; arch?: string };

/** nobody: a uid ≥ 1000 that is never a person's account. */
const NOBODY_UID = 65534;
const FIRST_REGULAR_UID = 1000;

function readTextIfPresent(filePath: string): string | undefined {
  try {
    return readFileSync(filePath, "utf8");
  } catch {
    return undefined;
  }
}

/** Every well-formed /etc/passwd entry (name:x:uid:gid:gecos:home:shell), in file order. */
export function parsePasswd(text: string): LocalAccount[] {
  const accounts: LocalAccount[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("#")) continue;
    const fields = trimmed.split(":");
    if (fields.length < 7) continue;
    const [username, , uidText, , , , shell] = fields;
    if (!username || !uidText || !/^\d+$/.test(uidText)) continue;
    accounts.push({ username, uid: Number(uidText), ...(shell ? { shell } : {}) });
  }
  return accounts;
}

/** Names from /etc/shadow whose password field cannot match any password ("!…" locked, "*" none set). */
export function parseLockedAccounts(shadowText: string): Set<string> {
  const locked = new Set<string>();
  for (const line of shadowText.split("\n")) {
    const [username, hash] = line.trim().split(":");
    if (username && hash !== undefined && (hash.startsWith("!") || hash.startsWith("*"))) locked.add(username);
  }
  return locked;
}

/**
 * The accounts worth managing: root and regular users. System accounts (uid 1–999) and nobody are left out.
 * `locked` is set only when /etc/shadow could be read; otherwise the agent does not know.
 */
export function localAccounts(passwdText: string, shadowText?: string): LocalAccount[] {
  const locked = shadowText === undefined ? undefined : parseLockedAccounts(shadowText);
  return parsePasswd(passwdText)
    .filter((account) => account.uid === 0 || (account.uid >= FIRST_REGULAR_UID && account.uid !== NOBODY_UID))
    .filter((account) => account.username.length <= 64)
    .map((account) => (locked ? { ...account, locked: locked.has(account.username) } : account));
}

/** Whether /etc/passwd has this account at all, system accounts included. */
export function accountExists(username: string, passwdText = readTextIfPresent("/etc/passwd") ?? ""): boolean {
  return parsePasswd(passwdText).some((account) => account.username === username);
}

/** KEY=value and KEY="value" lines of os-release(5). */
export function parseOsRelease(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    values[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/, "$2").replace(/\\(.)/g, "$1");
  }
  return values;
}

export function osInfo(osReleaseText = readTextIfPresent("/etc/os-release") ?? readTextIfPresent("/usr/lib/os-release")): OsInfo {
  const release = osReleaseText ? parseOsRelease(osReleaseText) : {};
  return {
    name: (release.PRETTY_NAME || release.NAME || os.type()).slice(0, 100),
    version: (release.VERSION_ID || os.release()).slice(0, 100),
    arch: os.arch(),
  };
}

const zMachineId = z.string().regex(/^[0-9a-f]{32}$/);

/**
 * The id that lets the server recognise this machine when it enrolls again. systemd's machine id when there is
 * one; else the id kept from an earlier identity; else a new random one (which the identity file then keeps).
 */
export function machineId(previous?: string): string {
  for (const candidate of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    const id = readTextIfPresent(candidate)?.trim();
    if (id && zMachineId.safeParse(id).success) return id;
  }
  return previous ?? randomBytes(16).toString("hex");
}

/** Non-loopback addresses, IPv6 scope ids dropped (the protocol takes plain addresses). */
export function ipAddresses(interfaces = os.networkInterfaces()): string[] {
  const addresses = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) if (!entry.internal) addresses.add(entry.address.replace(/%.*$/, ""));
  }
  return [...addresses].slice(0, 64);
}

/** The machine as the check-in reports it; results are added by the caller. */
export function collectInventory(): Omit<CheckinRequest, "results"> {
  const passwd = readTextIfPresent("/etc/passwd") ?? "";
  return {
    hostname: os.hostname().slice(0, 253),
    os: osInfo(),
    agentVersion: AGENT_VERSION,
    ips: ipAddresses(),
    uptimeSeconds: Math.floor(os.uptime()),
    localAccounts: localAccounts(passwd, readTextIfPresent("/etc/shadow")).slice(0, 2000),
  };
}
