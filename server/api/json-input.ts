import "server-only";
import type { z } from "zod";
import { badInput, type AppErrorCode } from "@/server/errors";

/*
 * What the JSON APIs (agent API, REST API) share: bounded JSON bodies, zod parsing that names the field at fault, and
 * the HTTP status of each known failure.
 */

const MAX_BODY_BYTES = 1_000_000;

export const statusOf: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** Reads a JSON body of bounded size; anything else is refused with a message saying what was wrong. */
export async function jsonBody(request: Request): Promise<unknown> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw badInput("body", "Send the body as JSON (Content-Type: application/json).");
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw badInput("body", "The body is larger than 1 MB.");
  try {
    return JSON.parse(text);
  } catch {
    throw badInput("body", "The body is not valid JSON.");
  }
}

/** Parses input with its schema; the first problem is refused naming the field (`prefix` says where it came from). */
export function parseBody<T extends z.ZodType>(schema: T, input: unknown, prefix = ""): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = prefix + (issue.path.join(".") || "body");
  throw badInput(field, issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message);
}
