import { formatDateTime } from "@/components/forms/format";
import { tdClasses, thClasses } from "@/components/ui/table";
import { RunActions } from "./run-actions";
import { formatDuration, kindLabels, triggerLabels, triggeredBy } from "./run-labels";
import { RunStatusBadge } from "./run-status-badge";
import type { RotationRun } from "./types";

const columns = ["Status", "Kind", "Trigger", "By", "When", "Duration", "Error", "Actions"];

/** The latest runs of one password, with what can be done about each. */
export function RecentRuns({ tenant, runs, credentialName }: { tenant: string; runs: RotationRun[]; credentialName: string }) {
  if (runs.length === 0) return <p className="text-sm text-slate-500">No rotations or checks yet.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="sr-only">Recent rotation runs of {credentialName}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className={thClasses}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td className={tdClasses}>
                <RunStatusBadge status={run.status} />
              </td>
              <td className={tdClasses}>{kindLabels[run.kind]}</td>
              <td className={tdClasses}>{triggerLabels[run.trigger] ?? run.trigger}</td>
              <td className={tdClasses}>{triggeredBy(run)}</td>
              <td className={`${tdClasses} whitespace-nowrap`}>{formatDateTime(run.createdAt)}</td>
              <td className={`${tdClasses} whitespace-nowrap`}>{formatDuration(run)}</td>
              <td className={`${tdClasses} max-w-xs break-words text-red-800`}>{run.error ?? <span className="text-slate-400">—</span>}</td>
              <td className={tdClasses}>
                <RunActions tenant={tenant} run={run} label={credentialName} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
