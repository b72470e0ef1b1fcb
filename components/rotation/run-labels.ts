import type { BadgeTone } from "@/components/ui/badge";
import type { RotationRun, RunKind, RunStatus } from "./types";

export const statusLabels: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  awaiting_technician: "Awaiting technician",
  awaiting_agent: "Waiting for the agent",
  succeeded: "Succeeded",
  failed: "Failed",
};

export const statusTones: Record<RunStatus, BadgeTone> = {
  queued: "neutral",
  running: "info",
  awaiting_technician: "warning",
  awaiting_agent: "info",
  succeeded: "success",
  failed: "danger",
};

export const kindLabels: Record<RunKind, string> = { rotation: "Rotation", health_check: "Health check" };

export const triggerLabels: Record<string, string> = {
  manual: "Manual",
  schedule: "Schedule",
  checkout: "Checkout",
  health_schedule: "Health schedule",
};

/** The four steps of a rotation, in order, as the progress list shows them. */
export const rotationSteps = [
  { id: "generate", label: "Generate" },
  { id: "apply", label: "Apply" },
  { id: "verify", label: "Verify" },
  { id: "promote", label: "Promote" },
] as const;

/**
 * Which of the four steps a run is in: a queued run is about to generate; the workflow writes "apply" once the
 * pending password exists and "applying" just before it calls the target; "done" means all four finished.
 */
export function stepIndex(run: Pick<RotationRun, "status" | "step">): number {
  switch (run.step) {
    case null:
      return 0;
    case "apply":
    case "applying":
      return 1;
    case "verify":
      return 2;
    case "promote":
      return 3;
    case "done":
      return 4;
    default:
      return run.status === "queued" ? 0 : 1;
  }
}

export function isActive(run: Pick<RotationRun, "status">): boolean {
  return run.status === "queued" || run.status === "running";
}

/** "1.4 s", "2 min 5 s"; a dash for a run that has not finished (or never started). */
export function formatDuration(run: Pick<RotationRun, "startedAt" | "finishedAt">): string {
  if (!run.startedAt || !run.finishedAt) return "—";
  const ms = new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
  if (ms < 60_000) return `${(Math.max(ms, 0) / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Who or what started the run. */
export function triggeredBy(run: Pick<RotationRun, "trigger" | "triggeredByName">): string {
  return run.triggeredByName ?? (run.trigger === "manual" ? "—" : "Automatic");
}
