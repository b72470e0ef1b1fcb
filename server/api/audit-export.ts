import "server-only";
import { AUDIT_EXPORT_TRUNCATED_HEADER } from "@/lib/audit-actions";
import { writeAuditLogCsv } from "@/server/export/audit-log-csv";
import { auditExportRouter } from "@/server/routers/audit";
import { createCallerFactory, type Context } from "@/server/trpc";
import { byteStream, failureResponse, jsonRequestBody, NO_STORE } from "./download-response";

/*
 * The audit log download: POST /api/audit/export with the workspace and the log's filters as JSON, a CSV file back.
 * POST because the export is itself audited (GET stays free of side effects). The events are read and the export
 * recorded in the member's transaction; the CSV is written as the response streams.
 */

const createCaller = createCallerFactory(auditExportRouter);

/** Answers one audit export request made by `context`'s session. Callable without HTTP (tests pass a session). */
export async function auditExportDownload(context: Context, request: Request): Promise<Response> {
  const read = await jsonRequestBody(request, "audit export request");
  if ("refusal" in read) return read.refusal;
  let prepared;
  try {
    prepared = await createCaller(context).prepare(read.body as Parameters<ReturnType<typeof createCaller>["prepare"]>[0]);
  } catch (caught) {
    return failureResponse(caught);
  }
  return new Response(byteStream(writeAuditLogCsv(prepared.events)), {
    status: 200,
    headers: {
      ...NO_STORE,
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${prepared.fileName}"`,
      [AUDIT_EXPORT_TRUNCATED_HEADER]: String(prepared.truncated),
    },
  });
}
