import type { DownloadErrorBody } from "@/server/api/download-response";
import type { ExportSummary } from "@/lib/export";

/** The header the download route puts the summary in (server/api/export-download.ts). */
const SUMMARY_HEADER = "x-vaultline-export-summary";

/** Why an export was refused, as the form shows it: by its field when it has one. */
export type ExportFailure = { message: string; field?: string };

function decodeSummary(header: string): ExportSummary {
  const binary = atob(header.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as ExportSummary;
}

/** Hands the file to the browser's downloads, then forgets it: an export's blob holds every exported secret. */
export function saveFile(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Asks the server for the export file by POST (the passphrase and the confirmation in the body, never in a URL) and
 * saves it; the answer is never cached. Returns what was left out, or why it was refused.
 */
export async function downloadExport(request: Record<string, unknown>): Promise<{ summary: ExportSummary } | { failure: ExportFailure }> {
  let response: Response;
  try {
    response = await fetch("/api/export", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    return { failure: { message: "The server could not be reached. Check your connection and try again." } };
  }
  const header = response.headers.get(SUMMARY_HEADER);
  if (!response.ok || !header) {
    const body = (await response.json().catch(() => null)) as DownloadErrorBody | null;
    const error = body?.error;
    const wait = Number(response.headers.get("retry-after"));
    const message = error?.message ?? "The export failed. Please try again.";
    return { failure: { message: wait && !/try again in/i.test(message) ? `${message} Try again in ${Math.ceil(wait / 60)} minutes.` : message, field: error?.field } };
  }
  const summary = decodeSummary(header);
  saveFile(await response.blob(), summary.fileName);
  return { summary };
}
