import type { DownloadErrorBody } from "@/server/api/download-response";
import { saveFile } from "@/components/export/download-export";
import { AUDIT_EXPORT_TRUNCATED_HEADER } from "@/lib/audit-actions";


export type AuditLogFilters = { action?: string; actorUserId?: string; customerId?: string; from?: string; to?: string };

/** Asks for the filtered audit log as CSV (by POST: the export is itself audited) and saves it. */
export async function downloadAuditLog(tenant: string, filters: AuditLogFilters): Promise<{ truncated: boolean } | { failure: string }> {
  let response: Response;
  try {
    response = await fetch("/api/audit/export", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenant, ...filters }),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    return { failure: "The server could not be reached. Check your connection and try again." };
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as DownloadErrorBody | null;
    return { failure: body?.error.message ?? "The export failed. Please try again." };
  }
  const fileName = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "audit-log.csv";
  saveFile(await response.blob(), fileName);
  return { truncated: response.headers.get(AUDIT_EXPORT_TRUNCATED_HEADER) === "true" };
}
