import type { EventData, EventName } from "@/server/events/outbox";
import type { Step } from "./step";

type Trigger<N extends EventName> = { event: N } | { cron: string };

/**
 * A background workflow, declared once for both engines. `concurrency` keys name fields of the event data:
 * at most `limit` runs of this workflow with the same value of that field run at once.
 */
export type Workflow<N extends EventName = EventName> = {
  id: string;
  trigger: Trigger<N>;
  concurrency?: { key: string; limit: number }[];
  /** Attempts after the first for a failing step (Inngest's `retries`). */
  retries: number;
  handler: (ctx: { event: { name: string; data: EventData<N> }; step: Step }) => Promise<unknown>;
};

/** Keeps the event type of the trigger attached to the handler. */
export function defineWorkflow<N extends EventName>(workflow: Workflow<N>): Workflow<N> {
  return workflow;
}

export type AnyWorkflow = Workflow<EventName>;
