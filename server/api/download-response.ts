import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { AppError } from "@/server/errors";

/*
 * What the file download routes (the password export, the audit log export) share: a JSON request read with a bound,
 * refusals as JSON by field, and a file streamed back that nothing may cache.
 */

const MAX_BODY_BYTES = 200_000;

export const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

/** The error body every refusal answers with: what the browser shows, and the field it belongs to. */
export type DownloadErrorBody = { error: { code: string; message: string; field?: string } };

export function errorResponse(status: number, error: DownloadErrorBody["error"], retryAfterSeconds?: number) {
  const headers: Record<string, string> = { ...NO_STORE };
  if (retryAfterSeconds) headers["retry-after"] = String(retryAfterSeconds);
  return Response.json({ error } satisfies DownloadErrorBody, { status, headers });
}

export function appErrorResponse(error: AppError) {
  const status = getHTTPStatusCodeFromError(new TRPCError({ code: error.code }));
  return errorResponse(status, { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }, error.retryAfterSeconds);
}

/** A refusal as the browser gets it: the service's own message, the first input problem by field, or a plain 500. */
export function failureResponse(caught: unknown): Response {
  if (!(caught instanceof TRPCError)) throw caught;
  const cause = caught.cause;
  if (cause instanceof AppError) return appErrorResponse(cause);
  if (cause instanceof ZodError) {
    const issue = cause.issues[0]!;
    const field = issue.path.join(".");
    return errorResponse(400, { code: "BAD_REQUEST", message: issue.message, ...(field ? { field } : {}) });
  }
  const status = getHTTPStatusCodeFromError(caught);
  const message = status >= 500 ? "Something went wrong on our side. Please try again." : caught.message;
  return errorResponse(status, { code: caught.code, message });
}

/** The request's JSON body (bounded), or the refusal to answer with when it is not JSON. */
export async function jsonRequestBody(request: Request, what: string): Promise<{ body: unknown } | { refusal: Response }> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return { refusal: errorResponse(415, { code: "BAD_REQUEST", message: `Send the ${what} as JSON (Content-Type: application/json).` }) };
  }
  const text = await request.text();
  if (Buffer.byteLength(text) <= MAX_BODY_BYTES) {
    try {
      return { body: JSON.parse(text) };
    } catch {
      // Answered below, like an oversized body.
    }
  }
  return { refusal: errorResponse(400, { code: "BAD_REQUEST", message: `The ${what} is not valid JSON, or larger than 200 KB.` }) };
}

/** File pieces as a byte stream for the response, written as it is read. */
export function byteStream(pieces: AsyncIterable<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pieces[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** What a download route answers to anything but POST: "sign in" to a visitor without a session, "use POST" to a member. */
export function postOnlyResponse(signedIn: boolean, what: string): Response {
  return new Response(signedIn ? `Download ${what} with POST.` : "Please sign in.", {
    status: signedIn ? 405 : 401,
    headers: { "cache-control": "no-store", "content-type": "text/plain; charset=utf-8", ...(signedIn ? { allow: "POST" } : {}) },
  });
}
