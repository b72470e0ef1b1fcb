import "server-only";
import { ConnectorError, scrubSecrets } from "./types";

// Socket-level failures: the target may be back later, so the workflow can try again.
const transientCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "PROTOCOL_CONNECTION_LOST",
]);

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && transientCodes.has(code);
}

/** Wraps a target's error once, where the cause is known, with every secret of the attempt scrubbed out. */
export function connectorFailure(
  what: string,
  error: unknown,
  secrets: Array<string | null | undefined>,
  retryable = isTransient(error),
): ConnectorError {
  if (error instanceof ConnectorError) return new ConnectorError(scrubSecrets(error.message, secrets), error.retryable);
  const detail = error instanceof Error ? error.message || errorCode(error) || error.name : String(error);
  return new ConnectorError(scrubSecrets(`${what}: ${detail}`, secrets), retryable);
}
