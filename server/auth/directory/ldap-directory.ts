import "server-only";
import { isIP } from "node:net";
import { checkServerIdentity, type ConnectionOptions } from "node:tls";
import { Client, InvalidCredentialsError, type Entry } from "ldapts";
import { resolveTarget } from "@/server/connectors/network-guard";

/*
 * The directory as the sync and the sign-in see it, through ldapts. Every connection is encrypted (ldaps:// or
 * StartTLS before anything is sent) and verifies the server's certificate, against the workspace's CA when it gave
 * one. The host passes the same outbound guard as rotation targets, and the connection goes to the judged address.
 */

export type DirectoryServer = {
  url: string;
  startTls: boolean;
  caCertificate: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter: string;
  emailAttribute: string;
  nameAttribute: string;
  disabledFilter: string;
  groupFilter: string;
  groupMemberAttribute: string;
  allowPrivate: boolean;
};

export type DirectoryUser = { dn: string; email: string | null; name: string | null; disabled: boolean };
export type DirectoryGroup = { dn: string; name: string; memberDns: string[] };

/** A directory that could not be reached or refused us, in words for an administrator (never a password). */
export class DirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DirectoryError";
  }
}

const TIMEOUT_MS = 10_000;
const PAGE_SIZE = 500;

/**
 * DNs compare case-insensitively and without spaces around separators (enough for the DNs servers hand back); an
 * escaped comma (`cn=Doe\, John`) stays inside its value, spaces and all, so the key still binds.
 */
export function normalDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((part) => part.trim().replace(/\s*=\s*/, "="))
    .join(",")
    .toLowerCase();
}

function describe(error: unknown, action: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, "").trim() : String(error);
  if (typeof code === "string" && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS/.test(code)) {
    return new DirectoryError(`${action}: the directory's certificate is not trusted (${code}). Paste the CA certificate that signed it.`);
  }
  if (typeof code === "string") return new DirectoryError(`${action}: ${code === "ECONNREFUSED" ? "connection refused" : code}.`);
  if (typeof code === "number") return new DirectoryError(`${action}: the directory answered LDAP result ${code}${text ? ` (${text})` : ""}.`);
  return new DirectoryError(`${action}: ${text}`);
}

/** Connects (TLS from the first byte, or StartTLS before any bind) to the address the guard approved. */
async function connect(server: DirectoryServer): Promise<Client> {
  const url = new URL(server.url);
  const secure = url.protocol === "ldaps:";
  if (!secure && !server.startTls) throw new DirectoryError("Refusing plain ldap:// without StartTLS: passwords would cross the network in clear.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (secure ? 636 : 389));
  let address: string;
  try {
    ({ address } = await resolveTarget(host, port, server.allowPrivate));
  } catch (error) {
    throw new DirectoryError(`The directory host is not allowed: ${(error as Error).message}`);
  }
  const tls: ConnectionOptions = {
    rejectUnauthorized: true,
    servername: isIP(host) ? undefined : host,
    ...(server.caCertificate ? { ca: [server.caCertificate] } : {}),
    // The certificate names the host the administrator typed, not the address it resolved to.
    checkServerIdentity: (_name, certificate) => checkServerIdentity(host, certificate),
  };
  const dialled = isIP(address) === 6 ? `[${address}]` : address;
  const client = new Client({ url: `${secure ? "ldaps" : "ldap"}://${dialled}:${port}`, timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS, tlsOptions: secure ? tls : undefined });
  try {
    if (!secure) await client.startTLS(tls);
  } catch (error) {
    await client.unbind().catch(() => {});
    throw describe(error, "StartTLS failed");
  }
  return client;
}

async function withServiceAccount<T>(server: DirectoryServer, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connect(server).catch((error: unknown) => Promise.reject(describe(error, "Could not connect to the directory")));
  try {
    try {
      await client.bind(server.bindDn, server.bindPassword);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw new DirectoryError("The directory refused the bind DN and password (invalid credentials).");
      throw describe(error, "Could not bind as the bind DN");
    }
    return await work(client);
  } finally {
    await client.unbind().catch(() => {});
  }
}

function firstValue(entry: Entry, attribute: string): string | null {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value = key ? entry[key] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() !== "" ? first.trim() : null;
}

function allValues(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value = key ? entry[key] : undefined;
  return ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === "string");
}

async function searchAll(client: Client, base: string, filter: string, attributes: string[], what: string): Promise<Entry[]> {
  try {
    const { searchEntries } = await client.search(base, { scope: "sub", filter, attributes, paged: { pageSize: PAGE_SIZE } });
    return searchEntries;
  } catch (error) {
    throw describe(error, `Searching ${what} failed`);
  }
}

/** Binds as the search account and reads the base DN: what "Test connection" reports. */
export async function testDirectory(server: DirectoryServer): Promise<{ users: number }> {
  return withServiceAccount(server, async (client) => {
    const users = await searchAll(client, server.baseDn, server.userFilter, ["dn"], "users");
    return { users: users.length };
  });
}

/** Every entry the user filter finds, with whether the disabled-account filter also matches it; and the groups. */
export async function readDirectory(server: DirectoryServer): Promise<{ users: DirectoryUser[]; groups: DirectoryGroup[] }> {
  return withServiceAccount(server, async (client) => {
    const entries = await searchAll(client, server.baseDn, server.userFilter, [server.emailAttribute, server.nameAttribute], "users");
    const disabledEntries = await searchAll(client, server.baseDn, `(&${server.userFilter}${server.disabledFilter})`, ["dn"], "disabled accounts");
    const disabled = new Set(disabledEntries.map((entry) => normalDn(entry.dn)));
    const users = entries.map((entry) => ({
      dn: normalDn(entry.dn),
      email: firstValue(entry, server.emailAttribute)?.toLowerCase() ?? null,
      name: firstValue(entry, server.nameAttribute),
      disabled: disabled.has(normalDn(entry.dn)),
    }));
    const groups = server.groupFilter
      ? (await searchAll(client, server.baseDn, server.groupFilter, ["cn", server.groupMemberAttribute], "groups")).map((entry) => ({
          dn: normalDn(entry.dn),
          name: firstValue(entry, "cn") ?? entry.dn,
          memberDns: allValues(entry, server.groupMemberAttribute).map(normalDn),
        }))
      : [];
    return { users, groups };
  });
}

/**
 * Checks a member's directory password by binding as their DN (an empty password is refused first: it would make an
 * unauthenticated bind, which succeeds for anyone), then, as the search account, that the entry still matches the user
 * filter and not the disabled-account filter. The password is used for the bind only and never kept.
 */
export async function checkDirectoryPassword(server: DirectoryServer, dn: string, password: string): Promise<"ok" | "invalid" | "disabled"> {
  if (password.length === 0) return "invalid";
  const client = await connect(server).catch((error: unknown) => Promise.reject(describe(error, "Could not connect to the directory")));
  try {
    try {
      await client.bind(dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return "invalid";
      throw describe(error, "The directory refused the sign-in");
    }
    await client.bind(server.bindDn, server.bindPassword).catch((error: unknown) => Promise.reject(describe(error, "Could not bind as the bind DN")));
    const { searchEntries } = await client.search(dn, { scope: "base", filter: `(&${server.userFilter}(!${server.disabledFilter}))`, attributes: ["dn"] }).catch(() => ({ searchEntries: [] }));
    return searchEntries.length === 1 ? "ok" : "disabled";
  } finally {
    await client.unbind().catch(() => {});
  }
}
