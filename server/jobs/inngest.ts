import "server-only";
import { Inngest, NonRetriableError } from "inngest";
import { asc, inArray, isNull } from "drizzle-orm";
import { withGlobal } from "@/db/client";
import { jobEvents } from "@/db/schema";
import { isPermanent, type Step } from "./step";
import type { AnyWorkflow } from "./workflow";
import { workflows } from "./workflows";

/** The Inngest client; INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY / INNGEST_DEV configure it from the environment. */
export const inngest = new Inngest({ id: "vaultline" });

/** Inngest's step tools behind our Step interface; a permanent failure becomes Inngest's NonRetriableError. */
function stepFor(tools: {
  run: (id: string, fn: () => Promise<unknown>) => Promise<unknown>;
  sleepUntil: (id: string, at: Date) => Promise<unknown>;
  sendEvent: (id: string, events: unknown) => Promise<unknown>;
}): Step {
  return {
    run: <T>(id: string, fn: () => Promise<T>) =>
      tools.run(id, async () => {
        try {
          return await fn();
        } catch (error) {
          if (isPermanent(error)) throw new NonRetriableError((error as Error).message, { cause: error });
          throw error;
        }
      }) as Promise<T>,
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
    async ({ event, step }) =>
      workflow.handler({
        event: { name: event.name, data: event.data as never },
        step: stepFor(step as unknown as Parameters<typeof stepFor>[0]),
      }),
  );
}

export const inngestFunctions = workflows.map(toInngestFunction);

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
