import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { AgentErrorBody } from "../lib/agent-protocol";

export type Fetch = typeof fetch;

const REQUEST_TIMEOUT_MS = 30_000;
const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/**
 * The server URL without a trailing slash. Plain http is accepted only for this machine: the agent secret
 * travels in every request, and the sealed tasks protect passwords but not the secret.
 */
export function normalizeServerUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`--server ${JSON.stringify(server)} is not a URL`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new Error(`--server must be an https:// URL (http:// only for localhost), got ${url.protocol}//${url.host}`);
  }
  return url.href.replace(/\/+$/, "");
}

/** The three headers every request after enrollment carries (see lib/agent-protocol.ts). */
export function agentRequestHeaders(secret: string, now = Date.now(), nonce = randomBytes(16).toString("base64url")): Record<string, string> {
  return {
    Authorization: `Bearer ${secret}`,
    "X-Vaultline-Timestamp": String(now),
    "X-Vaultline-Nonce": nonce,
  };
}

/** The server answered, but not with success. `code` and `message` come from the protocol's error body. */
export class AgentHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's Retry-After (seconds) on a 429: the agent waits at least that long. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "AgentHttpError";
  }
}

async function errorFromResponse(response: Response): Promise<AgentHttpError> {
  const text = await response.text().catch(() => "");
  const retryAfter = Number(response.headers.get("retry-after"));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  try {
    const body = JSON.parse(text) as Partial<AgentErrorBody>;
    if (body.error?.message) {
      return new AgentHttpError(response.status, body.error.code ?? "error", `${response.status} ${body.error.message}`, retryAfterSeconds);
    }
  } catch {
    // Not the protocol's error body (a proxy's HTML page, say): fall through to the status line.
  }
  return new AgentHttpError(response.status, "http_error", `${response.status} ${response.statusText || "error"}`.trim(), retryAfterSeconds);
}

/** POSTs JSON and validates the answer against the protocol schema, so nothing unchecked reaches the agent. */
export async function postJson<T extends z.ZodType>(
  fetchImpl: Fetch,
  url: string,
  body: unknown,
  responseSchema: T,
  headers: Record<string, string> = {},
): Promise<z.infer<T>> {
  const response = await fetchImpl(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    redirect: "error",
  });
  if (!response.ok) throw await errorFromResponse(response);
  const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new Error(`${url} answered with an unexpected body: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}
