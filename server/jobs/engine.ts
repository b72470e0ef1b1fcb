import "server-only";
import { onOutboxWake } from "@/server/events/outbox";
import { LocalRunner } from "./local-runner";
import { workflows } from "./workflows";

/**
 * Which engine runs the workflows: Inngest when it is configured (an event key for Inngest Cloud, or
 * INNGEST_DEV for `inngest dev` / a self-hosted server), else the embedded runner in this process.
 */
export function jobsMode(): "inngest" | "embedded" {
  return process.env.INNGEST_EVENT_KEY || process.env.INNGEST_DEV ? "inngest" : "embedded";
}

const globalForJobs = globalThis as unknown as { vaultlineRunner?: LocalRunner; vaultlineRelay?: NodeJS.Timeout };

/** Starts background work for this process (called once at server start). */
export async function startJobs(): Promise<void> {
  onOutboxWake(kickJobs);
  if (jobsMode() === "embedded") {
    globalForJobs.vaultlineRunner ??= new LocalRunner(workflows);
    globalForJobs.vaultlineRunner.start();
    globalForJobs.vaultlineRunner.kick();
    return;
  }
  const { relayEventsToInngest } = await import("./inngest");
  globalForJobs.vaultlineRelay ??= setInterval(() => void relayEventsToInngest().catch(() => {}), 1000);
  globalForJobs.vaultlineRelay.unref();
}

/**
 * Wakes the engine after a transaction that emitted events committed, so "Rotate now" starts at once instead of
 * at the next poll. Safe to call anywhere: without a running engine it does nothing.
 */
async function kickJobs(): Promise<void> {
  if (globalForJobs.vaultlineRunner) {
    globalForJobs.vaultlineRunner.kick();
    return;
  }
  if (jobsMode() === "inngest") {
    const { relayEventsToInngest } = await import("./inngest");
    await relayEventsToInngest().catch(() => {});
  }
}
