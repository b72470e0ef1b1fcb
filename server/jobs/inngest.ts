import "server-only";
import { Inngest } from "inngest";
import { asc, inArray, isNull } from "drizzle-orm";
import { withGlobal } from "@/db/client";
import { jobEvents } from "@/db/schema";
import { errorMessage, isPermanent, StepFailedError, type Step } from "./step";
import type { AnyWorkflow } from "./workflow";
import { workflows } from "./workflows";

/** The Inngest client; INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY / INNGEST_DEV configure it from the environment. */
export const inngest = new Inngest({ id: "vaultline" });

/** What a step returns instead of throwing when it has failed for good; unwrapped outside Inngest's step. */
type FinalFailure = { vaultlineStepFailed: string };
const isFinalFailure = (value: unknown): value is FinalFailure =>
  typeof value === "object" && value !== null && "vaultlineStepFailed" in value;

/**
 * Inngest's step tools behind our Step interface. A step that failed for good (a permanent error, or its last
 * attempt) records the failure as its result and throws StepFailedError into the workflow, exactly as the embedded
 * runner does, so the workflow's own failure handling runs under both engines; earlier attempts throw, and
 * Inngest retries them with backoff.
 */
function stepFor(
  tools: {
    run: (id: string, fn: () => Promise<unknown>) => Promise<unknown>;
    sleepUntil: (id: string, at: Date) => Promise<unknown>;
    sendEvent: (id: string, events: unknown) => Promise<unknown>;
  },
  lastAttempt: boolean,
): Step {
  return {
    run: async <T>(id: string, fn: () => Promise<T>) => {
      const result = await tools.run(id, async () => {
        try {
          return await fn();
        } catch (error) {
          if (isPermanent(error) || lastAttempt) return { vaultlineStepFailed: errorMessage(error) } satisfies FinalFailure;
          throw error;
        }
      });
      if (isFinalFailure(result)) throw new StepFailedError(id, result.vaultlineStepFailed);
      return result as T;
    },
    sleepUntil: async (id, at) => void (await tools.sleepUntil(id, at)),
    sendEvent: async (id, events) => void (await tools.sendEvent(id, events)),
  };
}

function toInngestFunction(workflow: AnyWorkflow) {
  return inngest.createFunction(
    {
      id: workflow.id,
      retries: workflow.retries as 0,
      // Inngest takes at most two concurrency limits per function; ours declare one or two.
      concurrency: workflow.concurrency?.map((c) => ({ key: `event.data.${c.key}`, limit: c.limit })) as [{ key: string; limit: number }] | undefined,
      triggers: ["cron" in workflow.trigger ? { cron: workflow.trigger.cron } : { event: workflow.trigger.event }],
    },
    async ({ event, step, attempt }) =>
      workflow.handler({
        event: { name: event.name, data: event.data as never },
        // Inngest counts attempts per step: the step running now is on its last one when attempt == retries.
        step: stepFor(step as unknown as Parameters<typeof stepFor>[0], attempt >= workflow.retries),
      }),
  );
}

export const inngestFunctions = workflows.map(toInngestFunction);

/** The Inngest function of one workflow, by the workflow's id. */
export function inngestFunctionOf(workflowId: string) {
  const index = workflows.findIndex((w) => w.id === workflowId);
  if (index < 0) throw new Error(`No workflow named ${workflowId}`);
  return inngestFunctions[index]!;
}

/**
 * Hands committed outbox events to Inngest. The outbox row's id is the Inngest event id, which Inngest
 * deduplicates, so an event re-sent after a crash between sending and marking starts nothing twice.
 */
export async function relayEventsToInngest(): Promise<number> {
  return withGlobal(async (tx) => {
    const events = await tx
      .select()
      .from(jobEvents)
      .where(isNull(jobEvents.dispatchedAt))
      .orderBy(asc(jobEvents.createdAt))
      .limit(100)
      .for("update", { skipLocked: true });
    if (events.length === 0) return 0;
    await inngest.send(events.map((e) => ({ id: e.id, name: e.name, data: e.data })));
    await tx
      .update(jobEvents)
      .set({ dispatchedAt: new Date() })
      .where(inArray(jobEvents.id, events.map((e) => e.id)));
    return events.length;
  });
}
