import "server-only";
import { EXPORT_FORMATS } from "@/lib/export";
import { exportDownloadRouter } from "@/server/routers/exports";
import { createCallerFactory, type Context } from "@/server/trpc";
import { appErrorResponse, byteStream, failureResponse, jsonRequestBody, NO_STORE } from "./download-response";

/*
 * The export download (issue #13): POST /api/export with the request as JSON, the file back as an attachment. The
 * passphrase and the confirmation travel in the body only, never in a URL, and nothing of the answer may be cached.
 * The member's transaction (permission, confirmation, audit, the secrets opened) commits first; the file is written
 * afterwards, as it streams (the writers start when first read), so no database connection waits on a key derivation.
 */

/** The header that carries what the member reads after the download (what was left out), as base64url JSON. */
export const EXPORT_SUMMARY_HEADER = "x-vaultline-export-summary";

const createCaller = createCallerFactory(exportDownloadRouter);

/**
 * Answers one export request made by `context`'s session: the file, or a refusal as JSON with its status (and
 * Retry-After when the member must wait). Callable without HTTP (tests pass a resolved session).
 */
export async function exportDownload(context: Context, request: Request): Promise<Response> {
  const read = await jsonRequestBody(request, "export request");
  if ("refusal" in read) return read.refusal;
  const { body } = read;
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
