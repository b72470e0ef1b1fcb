import "server-only";
import { CronExpressionParser } from "cron-parser";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { withGlobal, type Tx } from "@/db/client";
import { jobEvents, jobRuns, jobSteps } from "@/db/schema";
import { emitEvents, type JobEvent } from "@/server/events/outbox";
import { errorMessage, isPermanent, StepFailedError, type Step } from "./step";
import type { AnyWorkflow } from "./workflow";
import { logUnexpected } from "@/server/log-unexpected";

type RunRow = typeof jobRuns.$inferSelect;
type Memo = { value: unknown } | { error: string };

/** Where a run stopped when it did not finish: waiting for a retry or a timer, or killed (tests). */
type Interruption = { kind: "retry" | "sleep" | "crash" };
type Outcome = { kind: "done" } | { kind: "threw"; error: unknown } | Interruption;

export type StepBoundary = { runId: string; functionId: string; stepId: string; phase: "before" | "after-effect" | "after-memo" };

export type LocalRunnerOptions = {
  /** First retry delay; each further attempt doubles it (capped at 10 minutes). */
  retryBaseMs?: number;
  /** How long a claimed run stays claimed without progress before another runner may take it over. */
  leaseMs?: number;
  /** Runs started per tick. */
  batchSize?: number;
  /**
   * Fault injection for the crash-safety tests: called at every step boundary; throwing from it stops the run
   * on the spot, leaving the database exactly as a killed process would.
   */
  onStepBoundary?: (boundary: StepBoundary) => void;
  /**
   * Only this tenant's events and runs, and no cron timers: lets several runners share one database without
   * taking each other's work (the test files run in parallel against one PostgreSQL).
   */
  tenantId?: string;
};

const MAX_BACKOFF_MS = 10 * 60_000;
/** Serializes claiming across runners (several app instances, or several ticks of one). */
const CLAIM_LOCK = 727275;

/**
 * The embedded job engine: runs the same workflows as Inngest, with state in PostgreSQL so that nothing
 * scheduled is lost on restart. Events come from the job_events outbox; every run's timer (first start,
 * retry, sleep, cron) is its `run_at`; step results are memoized in job_steps; a run whose claim lapsed
 * (its process died) is picked up again and resumes after its last completed step.
 */
export class LocalRunner {
  private readonly byId: Map<string, AnyWorkflow>;
  private readonly retryBaseMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;
  private tickAgain = false;

  constructor(
    private readonly workflows: AnyWorkflow[],
    private readonly options: LocalRunnerOptions = {},
  ) {
    this.byId = new Map(workflows.map((w) => [w.id, w]));
    this.retryBaseMs = options.retryBaseMs ?? Number(process.env.VAULTLINE_JOB_RETRY_BASE_MS ?? 10_000);
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.batchSize = options.batchSize ?? 20;
  }

  /** Polls every `intervalMs` until stop(); kick() runs a tick at once (after a commit that emitted events). */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  kick(): void {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error) => {
        logUnexpected("jobs: tick failed", error);
        return 0;
      })
      .finally(() => {
        this.ticking = null;
        if (this.tickAgain) {
          this.tickAgain = false;
          this.kick();
        }
      });
  }

  /** One round: turn new events into runs, arm cron timers, then start the runs that are due. Returns how many ran. */
  async tick(now = new Date()): Promise<number> {
    await this.dispatchEvents();
    await this.armCronTimers(now);
    const claimed = await this.claim(now);
    await Promise.all(claimed.map((run) => this.execute(run)));
    return claimed.length;
  }

  /**
   * Ticks until nothing is due (tests, scripts, benchmarks), waiting for timers that fall due within
   * `waitMs` (retry backoffs); later timers are left for later.
   */
  async drain(options: { maxTicks?: number; waitMs?: number } = {}): Promise<number> {
    const { maxTicks = 10_000, waitMs = 5000 } = options;
    let total = 0;
    for (let i = 0; i < maxTicks; i++) {
      const ran = await this.tick();
      total += ran;
      if (ran > 0 || (await this.hasPendingEvents())) continue;
      const next = await this.nextTimer();
      const wait = next ? next.getTime() - Date.now() : Infinity;
      if (wait > waitMs) return total;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 5)));
    }
    throw new Error(`jobs did not settle after ${maxTicks} ticks`);
  }

  private async nextTimer(): Promise<Date | null> {
    // A claimed run falls due again only when its claim lapses.
    const dueAt = sql<string>`case when ${jobRuns.status} = 'running' then ${jobRuns.lockedUntil} else ${jobRuns.runAt} end`;
    const [row] = await withGlobal((tx) =>
      tx
        .select({ dueAt })
        .from(jobRuns)
        .where(and(inArray(jobRuns.status, ["queued", "running"]), inArray(jobRuns.functionId, [...this.byId.keys()]), this.tenantFilter(jobRuns.data)))
        .orderBy(dueAt)
        .limit(1),
    );
    return row?.dueAt ? new Date(row.dueAt) : null;
  }

  private tenantFilter(data: typeof jobEvents.data | typeof jobRuns.data) {
    return this.options.tenantId ? sql`${data}->>'tenantId' = ${this.options.tenantId}` : undefined;
  }

  private async hasPendingEvents(): Promise<boolean> {
    const [row] = await withGlobal((tx) =>
      tx.select({ id: jobEvents.id }).from(jobEvents).where(and(isNull(jobEvents.dispatchedAt), this.tenantFilter(jobEvents.data))).limit(1),
    );
    return Boolean(row);
  }

  private async dispatchEvents(): Promise<void> {
    await withGlobal(async (tx) => {
      const events = await tx
        .select()
        .from(jobEvents)
        .where(and(isNull(jobEvents.dispatchedAt), this.tenantFilter(jobEvents.data)))
        .orderBy(asc(jobEvents.createdAt))
        .limit(200)
        .for("update", { skipLocked: true });
      if (events.length === 0) return;
      const runs = events.flatMap((event) =>
        this.workflows
          .filter((w) => "event" in w.trigger && w.trigger.event === event.name)
          // Due from the moment the event was recorded (not from the database's clock at dispatch, which may run
          // ahead of the claim time this tick was given).
          .map((w) => ({
            functionId: w.id,
            eventName: event.name,
            data: event.data,
            runAt: event.createdAt,
            concurrencyKeys: concurrencyKeys(w, event.data),
          })),
      );
      if (runs.length > 0) await tx.insert(jobRuns).values(runs);
      await tx
        .update(jobEvents)
        .set({ dispatchedAt: new Date() })
        .where(inArray(jobEvents.id, events.map((e) => e.id)));
    });
  }

  /** Inserts the next timer of each cron workflow unless one is pending (a unique index makes this race-free). */
  async armCronTimers(now: Date): Promise<void> {
    const crons = this.workflows.filter((w) => "cron" in w.trigger);
    if (crons.length === 0 || this.options.tenantId) return;
    await withGlobal(async (tx) => {
      for (const w of crons) {
        const runAt = nextCronTime((w.trigger as { cron: string }).cron, now);
        // The partial unique index keeps one pending timer per cron workflow, however many runners arm it.
        await tx.execute(sql`insert into job_runs (function_id, event_name, data, run_at)
          values (${w.id}, 'cron', '{}'::jsonb, ${runAt.toISOString()}::timestamptz)
          on conflict (function_id) where event_name = 'cron' and status in ('queued', 'running') do nothing`);
      }
    });
  }

  private async claim(now: Date): Promise<RunRow[]> {
    return withGlobal(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
      const leaseLive = and(eq(jobRuns.status, "running"), sql`${jobRuns.lockedUntil} > ${now.toISOString()}::timestamptz`);
      const active = await tx.select({ keys: jobRuns.concurrencyKeys }).from(jobRuns).where(leaseLive);
      const inUse = new Map<string, number>();
      for (const { keys } of active) for (const key of keys) inUse.set(key, (inUse.get(key) ?? 0) + 1);

      const due = await tx
        .select()
        .from(jobRuns)
        .where(
          and(
            lte(jobRuns.runAt, now),
            inArray(jobRuns.functionId, [...this.byId.keys()]),
            this.tenantFilter(jobRuns.data),
            or(eq(jobRuns.status, "queued"), and(eq(jobRuns.status, "running"), lte(jobRuns.lockedUntil, now))),
          ),
        )
        .orderBy(asc(jobRuns.runAt))
        .limit(this.batchSize * 5);
      const claimed: RunRow[] = [];
      for (const run of due) {
        if (claimed.length >= this.batchSize) break;
        const limits = this.byId.get(run.functionId)?.concurrency ?? [];
        const fits = run.concurrencyKeys.every((key, i) => (inUse.get(key) ?? 0) < (limits[i]?.limit ?? Infinity));
        if (!fits) continue;
        for (const key of run.concurrencyKeys) inUse.set(key, (inUse.get(key) ?? 0) + 1);
        claimed.push(run);
      }
      if (claimed.length === 0) return [];
      await tx
        .update(jobRuns)
        .set({ status: "running", lockedUntil: new Date(now.getTime() + this.leaseMs) })
        .where(inArray(jobRuns.id, claimed.map((r) => r.id)));
      return claimed;
    });
  }

  /** Runs (or resumes) one workflow run until it finishes, waits, or fails. */
  private async execute(run: RunRow): Promise<void> {
    const workflow = this.byId.get(run.functionId);
    if (!workflow) {
      await this.finish(run.id, "failed", `No workflow named ${run.functionId} is registered.`);
      return;
    }
    const memos = new Map(
      (await withGlobal((tx) => tx.select().from(jobSteps).where(eq(jobSteps.runId, run.id)))).map((s) => [s.stepId, s.output as Memo]),
    );
    let interrupt!: (i: Interruption) => void;
    const interrupted = new Promise<Interruption>((resolve) => (interrupt = resolve));
    // Like Inngest, a step that must stop the run returns a promise that never settles: the workflow's own
    // try/catch cannot swallow the stop, and the runner moves on.
    const halt = (i: Interruption) => {
      interrupt(i);
      return new Promise<never>(() => {});
    };
    const boundary = (stepId: string, phase: StepBoundary["phase"]) =>
      this.options.onStepBoundary?.({ runId: run.id, functionId: run.functionId, stepId, phase });
    let attempt = run.attempt;

    const step: Step = {
      run: async <T>(id: string, fn: () => Promise<T>): Promise<T> => {
        const memo = memos.get(id);
        if (memo) return replay(id, memo) as T;
        try {
          boundary(id, "before");
        } catch {
          return halt({ kind: "crash" });
        }
        let value: T;
        try {
          value = await fn();
        } catch (error) {
          attempt += 1;
          if (isPermanent(error) || attempt > workflow.retries) {
            await this.saveMemo(run.id, id, { error: errorMessage(error) });
            attempt = 0;
            throw new StepFailedError(id, errorMessage(error));
          }
          await this.retryLater(run.id, attempt, errorMessage(error));
          return halt({ kind: "retry" });
        }
        try {
          boundary(id, "after-effect");
          await this.saveMemo(run.id, id, { value: value ?? null });
          attempt = 0;
          boundary(id, "after-memo");
        } catch {
          return halt({ kind: "crash" });
        }
        return value;
      },
      sleepUntil: async (id: string, at: Date) => {
        if (memos.has(id)) return;
        await this.saveMemo(run.id, id, { value: at.toISOString() });
        if (at.getTime() <= Date.now()) return;
        await withGlobal((tx) =>
          tx.update(jobRuns).set({ status: "queued", runAt: at, lockedUntil: null }).where(eq(jobRuns.id, run.id)),
        );
        return halt({ kind: "sleep" });
      },
      sendEvent: async (id: string, events: JobEvent | JobEvent[]) => {
        if (memos.has(id)) return;
        // The events and the memo commit together: a resumed run never sends them twice.
        await withGlobal(async (tx) => {
          await emitEvents(tx, Array.isArray(events) ? events : [events]);
          await this.insertMemo(tx, run.id, id, { value: null });
        });
      },
    };

    const outcome: Outcome = await Promise.race([
      workflow.handler({ event: { name: run.eventName, data: run.data as never }, step }).then(
        (): Outcome => ({ kind: "done" }),
        (error: unknown): Outcome => ({ kind: "threw", error }),
      ),
      interrupted,
    ]);
    if (outcome.kind === "done") await this.finish(run.id, "completed", null);
    else if (outcome.kind === "threw") {
      // An error outside any step: retry the whole run (completed steps replay), then give up.
      attempt += 1;
      if (attempt > workflow.retries) await this.finish(run.id, "failed", errorMessage(outcome.error));
      else await this.retryLater(run.id, attempt, errorMessage(outcome.error));
    }
  }

  private async saveMemo(runId: string, stepId: string, memo: Memo): Promise<void> {
    await withGlobal(async (tx) => {
      await this.insertMemo(tx, runId, stepId, memo);
      await tx
        .update(jobRuns)
        .set({ attempt: 0, lockedUntil: new Date(Date.now() + this.leaseMs) })
        .where(eq(jobRuns.id, runId));
    });
  }

  private async insertMemo(tx: Tx, runId: string, stepId: string, memo: Memo): Promise<void> {
    await tx.insert(jobSteps).values({ runId, stepId, output: memo }).onConflictDoNothing();
  }

  private async retryLater(runId: string, attempt: number, error: string): Promise<void> {
    const delay = Math.min(this.retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    await withGlobal((tx) =>
      tx
        .update(jobRuns)
        .set({ status: "queued", attempt, error, runAt: new Date(Date.now() + delay), lockedUntil: null })
        .where(eq(jobRuns.id, runId)),
    );
  }

  private async finish(runId: string, status: "completed" | "failed", error: string | null): Promise<void> {
    await withGlobal((tx) =>
      tx.update(jobRuns).set({ status, error, finishedAt: new Date(), lockedUntil: null }).where(eq(jobRuns.id, runId)),
    );
  }
}

function replay(stepId: string, memo: Memo): unknown {
  if ("error" in memo) throw new StepFailedError(stepId, memo.error);
  return memo.value;
}

/** The concurrency keys of a run, in the order of the workflow's limits; scoped to the workflow, as Inngest's "fn" scope. */
export function concurrencyKeys(workflow: AnyWorkflow, data: Record<string, unknown>): string[] {
  return (workflow.concurrency ?? []).map((c) => `${workflow.id}:${c.key}:${String(data[c.key] ?? "")}`);
}

export function nextCronTime(expression: string, after: Date): Date {
  return CronExpressionParser.parse(expression, { currentDate: after, tz: "UTC" }).next().toDate();
}
