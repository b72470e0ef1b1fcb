import { formatDateTime } from "@/components/forms/format";
import type { RotationSchedule } from "./types";

/** "every 30 days" or "cron 0 3 * * 1 (UTC)". */
export function describeRule(schedule: Pick<RotationSchedule, "everyDays" | "cron">): string {
  if (schedule.everyDays !== null) return schedule.everyDays === 1 ? "every day" : `every ${schedule.everyDays} days`;
  return `cron ${schedule.cron ?? ""} (UTC)`;
}

/** The rule with its next run, as one line of text. */
export function describeSchedule(schedule: RotationSchedule): string {
  const next = schedule.enabled ? `next run ${formatDateTime(schedule.nextRunAt)}` : "paused";
  return `${describeRule(schedule)} · ${next}`;
}
