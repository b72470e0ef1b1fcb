import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withGlobal } from "@/db/client";
import { jobEvents, jobRuns, jobSteps } from "@/db/schema";
import { PermanentFailure } from "@/server/errors";
import { emitEvents } from "@/server/events/outbox";
import { LocalRunner } from "@/server/jobs/local-runner";
import { StepFailedError } from "@/server/jobs/step";
import { defineWorkflow, type AnyWorkflow } from "@/server/jobs/workflow";

/*
 * The embedded runner on its own, with small workflows of the tests' own. Each test uses a fresh tenant id and a
 * runner scoped to it, so parallel test files sharing a database never take each other's runs.
 */

const daily = (id: string, handler: AnyWorkflow["handler"], extra: Partial<AnyWorkflow> = {}) =>
  defineWorkflow({ id, trigger: { event: "vaultline/tenant.daily" }, retries: 3, handler, ...extra }) as AnyWorkflow;

async function emitDaily(tenantId: string, day = "2026-11-23") {
  await withGlobal((tx) => emitEvents(tx, [{ name: "vaultline/tenant.daily", data: { tenantId, day } }]));
}

async function runsOf(tenantId: string) {
  return withGlobal((tx) => tx.select().from(jobRuns).where(sql`${jobRuns.data}->>'tenantId' = ${tenantId}`));
}

describe("embedded job runner", () => {
  it("turns an event into one run per subscribed workflow, once", async () => {
    const tenantId = randomUUID();
    const seen: string[] = [];
    const runner = new LocalRunner(
      [daily(`a-${tenantId}`, async ({ event }) => void seen.push(`a:${event.data.tenantId}`)), daily(`b-${tenantId}`, async () => void seen.push("b"))],
      { tenantId },
    );
    await emitDaily(tenantId);
    await runner.drain();
    await runner.drain();
    expect(seen.sort()).toEqual([`a:${tenantId}`, "b"]);
    const runs = await runsOf(tenantId);
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed"]);
  });

  it("rejects a malformed event where it is made", async () => {
    await expect(
      withGlobal((tx) => emitEvents(tx, [{ name: "vaultline/tenant.daily", data: { tenantId: "not-a-uuid", day: "x" } }])),
    ).rejects.toThrow();
  });

  it("retries a failing step with backoff, replaying completed steps instead of running them again", async () => {
    const tenantId = randomUUID();
    let firstStep = 0;
    let flaky = 0;
    const runner = new LocalRunner(
      [
        daily(`retry-${tenantId}`, async ({ step }) => {
          await step.run("first", async () => ++firstStep);
          return step.run("flaky", async () => {
            if (++flaky < 3) throw new Error(`target busy (attempt ${flaky})`);
            return "ok";
          });
        }),
      ],
      { tenantId, retryBaseMs: 30 },
    );
    await emitDaily(tenantId);
    const started = Date.now();
    await runner.drain();
    expect(flaky).toBe(3);
    expect(firstStep).toBe(1);
    // Two backoffs: 30 ms then 60 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const [run] = await runsOf(tenantId);
    expect(run).toMatchObject({ status: "completed", attempt: 0 });
  });

  it("hands a step's final failure to the workflow (retries spent, or permanent at once)", async () => {
    const tenantId = randomUUID();
    const calls = { spent: 0, permanent: 0 };
    const caught: string[] = [];
    const runner = new LocalRunner(
      [
        daily(
          `spent-${tenantId}`,
          async ({ step }) => {
            try {
              await step.run("always-fails", async () => {
                calls.spent += 1;
                throw new Error("connection refused");
              });
            } catch (error) {
              caught.push(`${(error as StepFailedError).stepId}: ${(error as Error).message}`);
              expect(error).toBeInstanceOf(StepFailedError);
            }
          },
          { retries: 2 },
        ),
        daily(`permanent-${tenantId}`, async ({ step }) => {
          try {
            await step.run("gone", async () => {
              calls.permanent += 1;
              throw new PermanentFailure("The password was deleted.");
            });
          } catch (error) {
            caught.push((error as Error).message);
          }
        }),
      ],
      { tenantId, retryBaseMs: 5 },
    );
    await emitDaily(tenantId);
    await runner.drain();
    expect(calls).toEqual({ spent: 3, permanent: 1 });
    expect(caught.sort()).toEqual(["The password was deleted.", "always-fails: connection refused"]);
  });

  it("retries an error thrown outside any step, then marks the run failed", async () => {
    const tenantId = randomUUID();
    let calls = 0;
    const runner = new LocalRunner(
      [
        daily(
          `outside-${tenantId}`,
          async () => {
            calls += 1;
            throw new Error("bug outside a step");
          },
          { retries: 1 },
        ),
      ],
      { tenantId, retryBaseMs: 5 },
    );
    await emitDaily(tenantId);
    await runner.drain();
    expect(calls).toBe(2);
    const [run] = await runsOf(tenantId);
    expect(run).toMatchObject({ status: "failed", error: "bug outside a step" });
  });

  it("keeps a sleeping run's timer in the database: a new runner (a restart) wakes it and skips what was done", async () => {
    const tenantId = randomUUID();
    const done: string[] = [];
    const wakeAt = new Date(Date.now() + 400);
    const workflow = daily(`sleep-${tenantId}`, async ({ step }) => {
      await step.run("before", async () => void done.push("before"));
      await step.sleepUntil("wait", wakeAt);
      await step.run("after", async () => void done.push("after"));
    });
    await emitDaily(tenantId);
    await new LocalRunner([workflow], { tenantId }).drain({ waitMs: 0 });
    expect(done).toEqual(["before"]);
    const [sleeping] = await runsOf(tenantId);
    expect(sleeping).toMatchObject({ status: "queued" });
    expect(sleeping!.runAt.getTime()).toBe(wakeAt.getTime());

    // The first runner is gone; a second one, created later, finishes the run after the timer.
    await new LocalRunner([workflow], { tenantId }).drain({ waitMs: 2000 });
    expect(done).toEqual(["before", "after"]);
    expect((await runsOf(tenantId))[0]!.status).toBe("completed");
  });

  it("sends events from a step once: a resumed run does not send them again", async () => {
    const tenantId = randomUUID();
    let crashes = 1;
    const fanOut = daily(`fan-out-${tenantId}`, async ({ step }) => {
      await step.sendEvent("fan-out", [{ name: "vaultline/rotation.schedules-due", data: { tenantId } }]);
      await step.run("after", async () => "done");
    });
    const runner = new LocalRunner([fanOut], {
      tenantId,
      leaseMs: 50,
      onStepBoundary: (b) => {
        if (b.stepId === "after" && b.phase === "before" && crashes-- > 0) throw new Error("simulated crash");
      },
    });
    await emitDaily(tenantId);
    await runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 80));
    await runner.drain();
    const sent = await withGlobal((tx) =>
      tx.select().from(jobEvents).where(and(eq(jobEvents.name, "vaultline/rotation.schedules-due"), sql`${jobEvents.data}->>'tenantId' = ${tenantId}`)),
    );
    expect(sent).toHaveLength(1);
    const [run] = await runsOf(tenantId);
    const steps = await withGlobal((tx) => tx.select().from(jobSteps).where(eq(jobSteps.runId, run!.id)));
    expect(steps.map((s) => s.stepId).sort()).toEqual(["after", "fan-out"]);
  });

  it("holds runs beyond a concurrency limit until a slot frees, per key", async () => {
    const tenantId = randomUUID();
    let running = 0;
    let peak = 0;
    const limited = defineWorkflow({
      id: `limited-${tenantId}`,
      trigger: { event: "vaultline/rotation.schedules-due" },
      concurrency: [{ key: "tenantId", limit: 1 }],
      retries: 0,
      handler: async ({ step }) =>
        step.run("work", async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 30));
          running -= 1;
        }),
    }) as AnyWorkflow;
    const runner = new LocalRunner([limited], { tenantId });
    await withGlobal((tx) => emitEvents(tx, Array.from({ length: 4 }, () => ({ name: "vaultline/rotation.schedules-due" as const, data: { tenantId } }))));
    // One tick starts only one of the four.
    expect(await runner.tick()).toBe(1);
    await runner.drain();
    expect(peak).toBe(1);
    expect((await runsOf(tenantId)).every((r) => r.status === "completed")).toBe(true);
  });

  it("arms one timer per cron workflow, however many runners arm it, and it survives them", async () => {
    const id = `cron-${randomUUID()}`;
    const cron = defineWorkflow({ id, trigger: { cron: "0 6 * * *" }, retries: 0, handler: async () => undefined }) as AnyWorkflow;
    const now = new Date("2026-11-23T05:00:00Z");
    await new LocalRunner([cron]).armCronTimers(now);
    await new LocalRunner([cron]).armCronTimers(now);
    const timers = await withGlobal((tx) => tx.select().from(jobRuns).where(eq(jobRuns.functionId, id)));
    expect(timers).toHaveLength(1);
    expect(timers[0]).toMatchObject({ eventName: "cron", status: "queued" });
    expect(timers[0]!.runAt.toISOString()).toBe("2026-11-23T06:00:00.000Z");
    await withGlobal((tx) => tx.delete(jobRuns).where(eq(jobRuns.functionId, id)));
  });
});
