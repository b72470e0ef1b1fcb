import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { EXPORT_FORMATS } from "@/lib/export";
import { AppError } from "@/server/errors";
import { exportDownloadRouter } from "@/server/routers/exports";
import type { ExportFilePieces } from "@/server/services/export/export-file";
import { createCallerFactory, type Context } from "@/server/trpc";

/*
 * The export download (issue #13): POST /api/export with the request as JSON, the file back as an attachment. The
 * passphrase and the confirmation travel in the body only, never in a URL, and nothing of the answer may be cached.
 * The member's transaction (permission, confirmation, audit, the secrets opened) commits first; the file is written
 * afterwards, as it streams (the writers start when first read), so no database connection waits on a key derivation.
 */

const MAX_BODY_BYTES = 200_000;
/** The header that carries what the member reads after the download (what was left out), as base64url JSON. */
export const EXPORT_SUMMARY_HEADER = "x-vaultline-export-summary";

const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

const createCaller = createCallerFactory(exportDownloadRouter);

/** The error body every refusal answers with: what the browser shows, and the field it belongs to. */
export type ExportErrorBody = { error: { code: string; message: string; field?: string } };

function errorResponse(status: number, error: ExportErrorBody["error"], retryAfterSeconds?: number) {
  const headers: Record<string, string> = { ...NO_STORE };
  if (retryAfterSeconds) headers["retry-after"] = String(retryAfterSeconds);
  return Response.json({ error } satisfies ExportErrorBody, { status, headers });
}

function appErrorResponse(error: AppError) {
  const status = getHTTPStatusCodeFromError(new TRPCError({ code: error.code }));
  return errorResponse(status, { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }, error.retryAfterSeconds);
}

/** A refusal as the browser gets it: the service's own message, the first input problem by field, or a plain 500. */
function failureResponse(caught: unknown): Response {
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

/** Reads the JSON body, bounded; null when it is not JSON. */
async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The file pieces as a byte stream for the response. */
function byteStream(pieces: ExportFilePieces): ReadableStream<Uint8Array> {
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

/**
 * Answers one export request made by `context`'s session: the file, or a refusal as JSON with its status (and
 * Retry-After when the member must wait). Callable without HTTP (tests pass a resolved session).
 */
export async function exportDownload(context: Context, request: Request): Promise<Response> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return errorResponse(415, { code: "BAD_REQUEST", message: "Send the export request as JSON (Content-Type: application/json)." });
  }
  const body = await jsonBody(request);
  if (body === null) return errorResponse(400, { code: "BAD_REQUEST", message: "The export request is not valid JSON, or larger than 200 KB." });
  let prepared;
  try {
    prepared = await createCaller(context).prepare(body as Parameters<ReturnType<typeof createCaller>["prepare"]>[0]);
  } catch (caught) {
    return failureResponse(caught);
  }
  if (prepared.kind === "refused") return appErrorResponse(prepared.error);
  const { file, summary } = prepared;
  return new Response(byteStream(file), {
    status: 200,
    headers: {
      ...NO_STORE,
      "content-type": EXPORT_FORMATS[summary.format].mimeType,
      "content-disposition": `attachment; filename="${summary.fileName}"`,
      [EXPORT_SUMMARY_HEADER]: Buffer.from(JSON.stringify(summary)).toString("base64url"),
    },
  });
}
