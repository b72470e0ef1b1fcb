import { ExternalFailure } from "@/server/errors";
import type { ConnectorCatalogEntry } from "@/lib/connector-catalog";

/**
 * Where the account lives. `host` is what the technician typed; `address` is the IP it resolved to after the
 * outbound-address check (network-guard.ts), canonical IPv4 or IPv6, and is what the connector must dial, so a DNS
 * answer cannot change between the check and the connection. Drivers must take it as one address (postgres.js does
 * not: see postgres.ts). `options` were validated by the connector's own `optionsSchema`.
 */
export type ConnectorTarget = {
  host: string;
  address: string;
  port: number;
  options: Record<string, unknown>;
};

export type Login = { username: string; password: string };

export type ApplyRequest = {
  target: ConnectorTarget;
  /** The account whose password changes, with its current password. */
  account: Login;
  /** The privileged login used to change it; null when the account changes its own password. */
  privileged: Login | null;
  newPassword: string;
};

/** "rejected": the target answered and refused these credentials. Anything else throws a ConnectorError. */
export type VerifyResult = "ok" | "rejected";

/**
 * A rotation target's driver: its catalog entry (kind, label, default port, the options it understands and how a new
 * password is delivered) and what it does on the target.
 */
export interface Connector extends ConnectorCatalogEntry {
  /** Sets `newPassword` on the account. Must be safe to call twice with the same new password. */
  apply(request: ApplyRequest): Promise<void>;
  /** Logs in as `login` and logs out again, changing nothing. */
  verify(target: ConnectorTarget, login: Login): Promise<VerifyResult>;
}

/**
 * A failure on the target, with a message fit for a technician and the audit log: the target's own error text,
 * never a password (connectors build messages without them, and scrubSecrets removes any the target echoed).
 */
export class ConnectorError extends ExternalFailure {
  constructor(message: string, retryable: boolean) {
    super(message, retryable);
    this.name = "ConnectorError";
  }
}

/** Removes every occurrence of the given secrets from a message (targets sometimes echo the statement back). */
export function scrubSecrets(message: string, secrets: Array<string | null | undefined>): string {
  let out = message;
  for (const secret of secrets) {
    if (secret && secret.length > 0) out = out.split(secret).join("[redacted]");
  }
  return out;
}
