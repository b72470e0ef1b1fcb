import "server-only";
import type { AgentErrorBody } from "@/lib/agent-protocol";
import { checkIn, enrollAgent } from "@/server/services/agents/agent-api";
import { AppError, type AppErrorCode } from "@/server/errors";
import { requestMeta } from "@/server/request-meta";

const MAX_BODY_BYTES = 1_000_000;

const statusOf: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

function errorResponse(status: number, error: AgentErrorBody["error"], headers: Record<string, string> = {}) {
  return Response.json({ error } satisfies AgentErrorBody, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** Reads a JSON body of bounded size; anything else is refused with a message saying what was wrong. */
async function jsonBody(request: Request): Promise<unknown> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("BAD_REQUEST", "Send the body as JSON (Content-Type: application/json).", "body");
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("BAD_REQUEST", "The body is larger than 1 MB.", "body");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.", "body");
  }
}

/** Runs one agent API call: JSON in, JSON out, never cached; known failures keep their status and message. */
async function respond(work: () => Promise<unknown>, okStatus = 200): Promise<Response> {
  try {
    return Response.json(await work(), { status: okStatus, headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof AppError) {
      const retry = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
      return errorResponse(statusOf[error.code], { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }, retry);
    }
    console.error(`[agent api] ${error instanceof Error ? error.message : String(error)}`);
    return errorResponse(500, { code: "INTERNAL", message: "The server could not handle this request." });
  }
}

/** POST /api/agent/v1/enroll */
export function handleEnroll(request: Request): Promise<Response> {
  return respond(async () => enrollAgent(await jsonBody(request), requestMeta(request.headers).ip), 201);
}

/** POST /api/agent/v1/checkin */
export function handleCheckin(request: Request): Promise<Response> {
  return respond(async () => {
    const headers = {
      authorization: request.headers.get("authorization"),
      timestamp: request.headers.get("x-vaultline-timestamp"),
      nonce: request.headers.get("x-vaultline-nonce"),
    };
    return checkIn(headers, await jsonBody(request), requestMeta(request.headers).ip);
  });
}
