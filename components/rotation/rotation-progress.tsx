import { Spinner } from "@/components/ui/spinner";
import { kindLabels, rotationSteps, statusLabels, stepIndex } from "./run-labels";
import type { RotationRun } from "./types";

/** Live progress of a run in flight: its status and, for a rotation, where it is in generate → apply → verify → promote. */
export function RotationProgress({ run }: { run: RotationRun }) {
  const at = stepIndex(run);
  return (
    <div role="status" aria-live="polite" className="rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900">
      <p className="flex items-center gap-2 font-medium">
        <Spinner />
        {kindLabels[run.kind]} {statusLabels[run.status].toLowerCase()}
        {run.kind === "rotation" && run.status === "running" && at < 4 ? ` — ${rotationSteps[at]?.label.toLowerCase()}` : ""}
      </p>
      {run.kind === "rotation" ? (
        <ol aria-label="Rotation steps" className="mt-2 flex flex-wrap items-center gap-2 text-xs">
          {rotationSteps.map((step, i) => {
            const state = i < at ? "done" : i === at && run.status === "running" ? "current" : "todo";
            return (
              <li key={step.id} aria-current={state === "current" ? "step" : undefined} className="flex items-center gap-2">
                <span
                  className={`rounded-full px-2 py-0.5 ring-1 ring-inset ${
                    state === "done" ? "bg-green-100 text-green-800 ring-green-200" : state === "current" ? "bg-blue-600 text-white ring-blue-600" : "bg-white text-slate-600 ring-slate-200"
                  }`}
                >
                  {step.label}
                  <span className="sr-only">{state === "done" ? " (done)" : state === "current" ? " (in progress)" : ""}</span>
                </span>
                {i < rotationSteps.length - 1 ? <span aria-hidden="true">→</span> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </div>
  );
}
