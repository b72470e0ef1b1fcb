import "server-only";
import { and, inArray, isNotNull, lt } from "drizzle-orm";
import { withGlobal } from "@/db/client";
import { jobEvents, jobRuns } from "@/db/schema";

/** Deletes finished runs (their steps cascade) and dispatched events older than `days`: the tables stay small. */
export async function pruneJobHistory(days = 14): Promise<{ runs: number; events: number }> {
  const before = new Date(Date.now() - days * 86_400_000);
  return withGlobal(async (tx) => {
    const runs = await tx
      .delete(jobRuns)
      .where(and(inArray(jobRuns.status, ["completed", "failed"]), lt(jobRuns.finishedAt, before)))
      .returning({ id: jobRuns.id });
    const events = await tx
      .delete(jobEvents)
      .where(and(isNotNull(jobEvents.dispatchedAt), lt(jobEvents.dispatchedAt, before)))
      .returning({ id: jobEvents.id });
    return { runs: runs.length, events: events.length };
  });
}
