import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { and, count, eq, max, sql } from "drizzle-orm";
import { insertJsonTexts } from "@/db/insert-select";
import { importStagedCredentials, imports } from "@/db/schema";
import type { ImportPlan, ImportSummary } from "@/lib/imports";
import { tenantSealer } from "@/server/crypto";
import { PermanentFailure } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import type { AuditActor } from "../audit/record-audit-event";
import { analyseImport, startRefusal, type Analysis } from "./analyse-import";
import { customerPolicies } from "./customer-policies";
import type { FiledRow } from "./duplicates";
import { stagedRowOf, type StagedRow } from "./staged-row";
import { loadImport, readUploadedRows, type ImportRow } from "./uploaded-rows";

/*
 * The job's first step: every row sealed into import_staged_credentials, a batch per transaction, each batch
 * committing with the progress counter, so the progress bar moves and a restarted step resumes after the last batch
 * that committed. Nothing staged is a password yet: publishing (publish-import.ts) is what makes them visible.
 */

/** Rows per staging transaction: progress moves in steps of this size, and a crash loses at most one batch of work. */
export const STAGE_BATCH_ROWS = 500;
const SKIPPED_LISTED = 1000;

/** Who an import's job acts as in the audit trail: the member who started it. */
export const importActor = (plan: ImportPlan): AuditActor => ({ ...plan.actor });
const JOB_READER: AuditActor = { userId: null, label: "import job" };

/** Test hooks: `afterBatch` runs after each batch commits (the kill test throws from it, the cancel test cancels). */
export type StageHooks = { afterBatch?: (staged: number) => void | Promise<void> };

type Prepared = { plan: ImportPlan; rows: Iterable<FiledRow>; staged: number; policyOf: (customerId: string) => { maxAgeDays: number | null } };

/**
 * Stages the import's rows (see the top of this file) and marks it ready to publish. A replay after staging finished
 * does nothing; a row error the user did not choose to skip, or a plan the data no longer fits, fails it for good.
 * An import cancelled meanwhile stops at its next batch (`cancelled`): each batch first takes the import row's lock
 * and checks it is still staging, so a cancel waits for the batch in flight and then discards what it wrote.
 */
export async function stageImport(tenantId: string, importId: string, hooks: StageHooks = {}): Promise<{ staged: number; alreadyStaged: boolean; cancelled: boolean }> {
  const prepared = await withTenantScope(tenantId, JOB_READER, (scope) => prepare(scope, importId));
  if (prepared === "cancelled") return { staged: 0, alreadyStaged: false, cancelled: true };
  if (!prepared) return { staged: 0, alreadyStaged: true, cancelled: false };
  let { staged } = prepared;
  const now = new Date();
  const rows = prepared.rows[Symbol.iterator]();
  // Each batch reads its rows from the file as it seals them, keeping only each row's JSON until the insert: the
  // rows' parsed, mapped and sealing intermediates die young instead of living (and being promoted) through a batch.
  for (let more = true; more; ) {
    const written = await withTenantScope(tenantId, importActor(prepared.plan), async (scope) => {
      if ((await loadImport(scope, importId, { forUpdate: true })).state !== "staging") return null;
      const seal = await tenantSealer(scope.db, tenantId);
      const json: string[] = [];
      let keys: string[] | null = null;
      let read = 0;
      for (; read < STAGE_BATCH_ROWS; read += 1) {
        const next = rows.next();
        if (next.done) {
          more = false;
          break;
        }
        const row = next.value;
        const value = stagedRowOf({ tenantId, importId }, row, seal, prepared.policyOf(row.customerId), now);
        if (!value) continue;
        keys ??= Object.keys(value);
        json.push(JSON.stringify(value));
      }
      if (keys) await scope.db.execute(insertJsonTexts(importStagedCredentials, keys as (keyof StagedRow & string)[], json));
      if (read > 0) {
        await scope.db
          .update(imports)
          .set({ stagedRows: sql`${imports.stagedRows} + ${read}` })
          .where(and(eq(imports.tenantId, tenantId), eq(imports.id, importId)));
      }
      return read;
    });
    if (written === null) return { staged, alreadyStaged: false, cancelled: true };
    if (written === 0) break;
    staged += written;
    await hooks.afterBatch?.(staged);
    // Lets in what waits on the event loop before the next batch: on embedded PGlite, whose queries never leave it and
    // which runs one transaction at a time, a request (a cancel) would otherwise wait until the last batch committed.
    await nextTurn();
  }
  const published = await withTenantScope(tenantId, JOB_READER, (scope) =>
    scope.db
      .update(imports)
      .set({ state: "publishing" })
      .where(and(eq(imports.tenantId, tenantId), eq(imports.id, importId), eq(imports.state, "staging")))
      .returning({ id: imports.id }),
  );
  return { staged, alreadyStaged: false, cancelled: published.length === 0 };
}

/** Analyses the file again under the stored plan and works out where staging stands (null: it is done already). */
async function prepare(scope: TenantScope, importId: string): Promise<Prepared | "cancelled" | null> {
  const row = await loadImport(scope, importId);
  const settled = settledState(row.state);
  if (settled !== undefined) return settled;
  const plan = row.plan;
  if (!plan) throw new PermanentFailure("This import has no plan: it was never started.");
  const analysis = await analyseImport(scope, await readUploadedRows(scope, row, plan.options.format, plan.options.parse), plan.options, plan);
  const refusal = startRefusal(analysis, plan.options);
  if (refusal) throw new PermanentFailure(refusal);
  // Locked only now, not through the analysis (seconds for a big file), so a cancel meanwhile answers at once.
  const locked = settledState((await loadImport(scope, importId, { forUpdate: true })).state);
  if (locked !== undefined) return locked;
  const where = and(eq(importStagedCredentials.tenantId, scope.tenantId), eq(importStagedCredentials.importId, importId));
  const [done] = await scope.db.select({ rows: count(), last: max(importStagedCredentials.row) }).from(importStagedCredentials).where(where);
  const last = done?.last ?? 0;
  const staged = analysis.rows.filter((r) => r.row <= last).length;
  const rows = after(analysis.filedRows(), last);
  await scope.db
    .update(imports)
    .set({ state: "staging", totalRows: analysis.rows.length, stagedRows: staged, summary: skippedSummary(analysis) })
    .where(and(eq(imports.tenantId, scope.tenantId), eq(imports.id, importId)));
  return { plan, rows, staged, policyOf: await customerPolicies(scope) };
}

/** What staging does for an import in `state`: nothing (null: done already; "cancelled"), or go on (undefined). */
function settledState(state: ImportRow["state"]): null | "cancelled" | undefined {
  if (state === "publishing" || state === "completed") return null;
  if (state === "cancelled") return "cancelled";
  if (state !== "queued" && state !== "staging") throw new PermanentFailure(`This import is ${state}: there is nothing to stage.`);
  return undefined;
}

/** The rows of the file after row `last` (those before it were staged by an earlier run of the step). */
function* after(rows: Iterable<FiledRow>, last: number): Generator<FiledRow> {
  for (const row of rows) if (row.row > last) yield row;
}

/** What the summary says of the rows left out; publishing adds what was written. */
function skippedSummary(analysis: Analysis): ImportSummary {
  const skippedDuplicates = analysis.duplicates.filter((d) => d.action === "skip");
  const bad = new Set(analysis.badRows);
  const skipped = [
    ...analysis.rowErrors.filter((e) => bad.has(e.row!)),
    ...skippedDuplicates.map((d) => ({ row: d.row, field: null, message: "duplicate of " + ("row" in d.of ? `row ${d.of.row}` : `"${d.of.name}"`) })),
  ].sort((a, b) => a.row! - b.row!);
  return {
    created: 0,
    merged: 0,
    skippedDuplicates: skippedDuplicates.length,
    skippedBadRows: analysis.badRows.length,
    customers: [],
    contactsCreated: 0,
    devicesCreated: 0,
    skipped: skipped.slice(0, SKIPPED_LISTED),
  };
}
