import "server-only";
import { checkinRequest, enrollRequest, zNonce, type AgentErrorBody } from "@/lib/agent-protocol";
import { checkIn, enrollAgent, parseAgentSecret, type AgentCredentials } from "@/server/services/agents/agent-api";
import { AppError, badInput } from "@/server/errors";
import { jsonBody, parseBody, statusOf } from "./json-input";
import { requestMeta } from "@/server/request-meta";
import { logUnexpected } from "@/server/log-unexpected";

/** The headers that carry an agent's credentials: the service names the credential, the agent sees the header. */
const credentialHeaders: Record<string, string> = { timestamp: "X-Vaultline-Timestamp", nonce: "X-Vaultline-Nonce" };

/** Every answer: never cached, never sniffed as anything but JSON (the proxy, which sets this for pages, skips this API). */
const apiHeaders = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

function errorResponse(status: number, error: AgentErrorBody["error"], headers: Record<string, string> = {}) {
  return Response.json({ error } satisfies AgentErrorBody, { status, headers: { ...apiHeaders, ...headers } });
}

/** The credentials an enrolled agent sends in its headers: a Bearer secret, the request time and a nonce. */
function agentCredentials(headers: Headers): AgentCredentials {
  const bearer = headers.get("authorization")?.match(/^Bearer (\S+)$/)?.[1];
  const secret = bearer ? parseAgentSecret(bearer) : null;
  if (!secret) throw new AppError("UNAUTHORIZED", "Send the agent secret as Authorization: Bearer <secret>.");
  const rawTimestamp = headers.get("x-vaultline-timestamp");
  const timestamp = Number(rawTimestamp);
  if (!rawTimestamp || !Number.isInteger(timestamp)) {
    throw badInput("X-Vaultline-Timestamp", "X-Vaultline-Timestamp must be the request time in milliseconds since the epoch.");
  }
  const nonce = zNonce.safeParse(headers.get("x-vaultline-nonce") ?? "");
  if (!nonce.success) throw badInput("X-Vaultline-Nonce", `X-Vaultline-Nonce: ${nonce.error.issues[0]!.message}`);
  return { secret, timestamp, nonce: nonce.data };
}

/**
 * Runs one agent API call: JSON in, JSON out, never cached; known failures keep their status and message, and a
 * field the service names after a credential is reported as the header that carries it.
 */
async function respond(work: () => Promise<unknown>, okStatus = 200): Promise<Response> {
  try {
    return Response.json(await work(), { status: okStatus, headers: apiHeaders });
  } catch (error) {
    if (error instanceof AppError) {
      const retry = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
      const field = error.field && (credentialHeaders[error.field] ?? error.field);
      return errorResponse(statusOf[error.code], { code: error.code, message: error.message, ...(field ? { field } : {}) }, retry);
    }
    logUnexpected("agent api", error);
    return errorResponse(500, { code: "INTERNAL", message: "The server could not handle this request." });
  }
}

/** POST /api/agent/v1/enroll */
export function handleEnroll(request: Request): Promise<Response> {
  return respond(async () => enrollAgent(parseBody(enrollRequest, await jsonBody(request)), requestMeta(request.headers).ip), 201);
}

/** POST /api/agent/v1/checkin */
export function handleCheckin(request: Request): Promise<Response> {
  return respond(async () => {
    const body = await jsonBody(request);
    const credentials = agentCredentials(request.headers);
    return checkIn(credentials, parseBody(checkinRequest, body), requestMeta(request.headers).ip);
  });
}
