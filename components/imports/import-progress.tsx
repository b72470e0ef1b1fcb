import { Spinner } from "@/components/ui/spinner";
import { CancelImportButton } from "./cancel-import-button";
import { plural, stateLabels, type ImportStatus } from "./types";

/**
 * Step 5: the import's progress. Staging moves the bar batch by batch; publishing (one transaction) shows at 100% until
 * it commits. The bar stays on the summary, full, so the end state reads the same way. Until publishing starts, the
 * import can be cancelled.
 */
export function ImportProgress({ tenant, status }: { tenant: string; status: ImportStatus }) {
  const label =
    status.state === "completed"
      ? `Imported ${plural(status.totalRows, "row")}`
      : status.state === "publishing"
        ? `Publishing ${plural(status.totalRows, "row")}…`
        : status.state === "queued"
          ? "Waiting for the import job to start…"
          : `Staging ${status.stagedRows.toLocaleString("en")} of ${plural(status.totalRows, "row")}…`;
  const stopped = status.state === "failed" || status.state === "cancelled";
  const tone = status.state === "failed" ? "bg-red-600" : status.state === "cancelled" ? "bg-slate-400" : status.state === "completed" ? "bg-green-600" : "bg-blue-600";
  return (
    <div role="status" aria-live="polite" className="space-y-2 rounded-md border border-slate-200 bg-white px-4 py-3">
      <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
        {status.running ? <Spinner /> : null}
        {stateLabels[status.state]}: {stopped ? "nothing was imported" : label}
      </p>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={status.progress}
        aria-valuetext={`${status.progress}%`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full ${tone} transition-[width] duration-300`} style={{ width: `${status.progress}%` }} />
      </div>
      <p className="text-xs text-slate-500 tabular-nums">
        {status.progress}%.
        {status.running ? " You can leave this page: the import goes on, and Settings → Import shows where it stands." : null}
        {status.state === "publishing" ? " It is publishing its passwords now: too late to cancel." : null}
      </p>
      {/* Kept after the import ends, so a cancel that came too late still says so. */}
      <CancelImportButton tenant={tenant} status={status} />
    </div>
  );
}
