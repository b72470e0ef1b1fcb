import type { DownloadErrorBody } from "@/server/api/download-response";
import { exportDownload, EXPORT_SUMMARY_HEADER } from "@/server/api/export-download";
import type { SessionRef } from "@/server/auth/sessions";
import type { ExportSummary } from "@/lib/export";
import { afterResponse, STRONG_PASSWORD, testMeta } from "./actors";

/** What an export request answered: the file's bytes and headers, the summary header decoded, or the refusal. */
export type ExportAnswer = {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  summary: ExportSummary | null;
  error: DownloadErrorBody["error"] | null;
};

/** The default request: every password the member may reveal, as CSV, confirmed with the account password. */
export const csvOfEverything = { format: "csv", scope: { type: "all" }, confirmation: { method: "password", password: STRONG_PASSWORD } } as const;

/** POSTs an export request as the member would over HTTP (the route's own handler), and reads the whole answer. */
export async function requestExport(member: { session: SessionRef | null }, body: Record<string, unknown>, contentType = "application/json"): Promise<ExportAnswer> {
  const request = new Request("http://localhost/api/export", { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(body) });
  const response = await exportDownload({ session: member.session, meta: testMeta(), afterResponse }, request);
  const bytes = Buffer.from(await response.arrayBuffer());
  const summaryHeader = response.headers.get(EXPORT_SUMMARY_HEADER);
  const isJsonError = response.status !== 200 && (response.headers.get("content-type") ?? "").includes("application/json");
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: bytes.toString("utf8"),
    summary: summaryHeader ? (JSON.parse(Buffer.from(summaryHeader, "base64url").toString("utf8")) as ExportSummary) : null,
    error: isJsonError ? (JSON.parse(bytes.toString("utf8")) as DownloadErrorBody).error : null,
  };
}
