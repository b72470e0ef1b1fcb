import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, imports } from "@/db/schema";
import type { ImportOptions } from "@/lib/imports";
import { STAGE_BATCH_ROWS, stageImport } from "@/server/services/imports/stage-import";
import { newTenant } from "../support/actors";
import { bitwardenCsv, importRunner, manyItems, tenantFootprint, type SourceItem, importWorkspace } from "../support/imports";

/*
 * Cancelling a running import: before publishing, its staging is discarded and nothing of it is written (no password,
 * customer or "imported" event), and it may be started again; once publishing began it is too late, and says so.
 * Every cancel is audited.
 */


describe("cancelling an import", () => {
  const ws = importWorkspace();

  const options = (name: string): ImportOptions => ({
    format: "bitwarden-csv",
    parse: {},
    customers: { mode: "one", customer: { type: "new", name } },
    holders: null,
    duplicates: "skip",
    skipBadRows: false,
  });

  async function started(items: SourceItem[], name: string) {
    const { importId } = await ws.owner.caller.imports.upload({ ...ws.tenant(), fileName: "cancel.csv", bytes: bitwardenCsv(items) });
    await ws.owner.caller.imports.start({ ...ws.tenant(), importId, options: options(name) });
    return importId;
  }

  const eventsOf = (importId: string, action: "import.cancelled" | "import.completed") =>
    withTenant(ws.tenantId, (tx) =>
      tx
        .select({ details: auditEvents.details, actorUserId: auditEvents.actorUserId })
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, ws.tenantId), eq(auditEvents.action, action), eq(auditEvents.targetId, importId))),
    );

  it("cancelled mid-staging: the staged batches are discarded, nothing is written, and the job stops before publishing", async () => {
    const items = manyItems(STAGE_BATCH_ROWS * 3, [""]);
    const before = await tenantFootprint(ws.tenantId);
    const importId = await started(items, "Cancelled midway");
    let stagedWhenCancelled = 0;
    const result = await stageImport(ws.tenantId, importId, {
      afterBatch: async (staged) => {
        if (stagedWhenCancelled > 0) return;
        stagedWhenCancelled = staged;
        expect((await tenantFootprint(ws.tenantId)).staged).toBe(before.staged + STAGE_BATCH_ROWS);
        expect(await ws.owner.caller.imports.cancel({ ...ws.tenant(), importId })).toEqual({ state: "cancelled" });
      },
    });
    expect(stagedWhenCancelled).toBe(STAGE_BATCH_ROWS);
    expect(result).toMatchObject({ cancelled: true, staged: STAGE_BATCH_ROWS });
    // The queued job runs too (as it would after a restart): it finds the import cancelled and publishes nothing.
    await importRunner(ws.tenantId).drain();
    expect(await tenantFootprint(ws.tenantId)).toEqual(before);
    expect(await ws.owner.caller.imports.get({ ...ws.tenant(), importId })).toMatchObject({ state: "cancelled", running: false, summary: null });
    const [event] = await eventsOf(importId, "import.cancelled");
    expect(event).toMatchObject({ actorUserId: ws.owner.userId, details: { fileName: "cancel.csv", stagedRows: STAGE_BATCH_ROWS, totalRows: STAGE_BATCH_ROWS * 3 } });
    expect(await eventsOf(importId, "import.completed")).toHaveLength(0);

    // Cancelled is not final: the same file can be started again, and then imports whole.
    await ws.owner.caller.imports.start({ ...ws.tenant(), importId, options: options("Cancelled midway") });
    await importRunner(ws.tenantId).drain();
    expect(await ws.owner.caller.imports.get({ ...ws.tenant(), importId })).toMatchObject({ state: "completed", summary: { created: STAGE_BATCH_ROWS * 3 } });
    expect((await tenantFootprint(ws.tenantId)).credentials).toBe(before.credentials + STAGE_BATCH_ROWS * 3);
  });

  it("a cancel arriving while the job stages (as a request does, on a later turn of the event loop) lands before publishing", async () => {
    const before = await tenantFootprint(ws.tenantId);
    // Batches enough for the cancel's round trips on PostgreSQL, where it may land after the last batch (still in time).
    const importId = await started(manyItems(STAGE_BATCH_ROWS * 6, [""]), "Cancelled by a request");
    let cancelling: Promise<unknown> | null = null;
    const result = await stageImport(ws.tenantId, importId, {
      // Not awaited, and not even begun in this turn: on embedded PGlite a job that never yields keeps it out until
      // its last batch commits, and it then answers "too late".
      afterBatch: () =>
        void (cancelling ??= new Promise((resolve) => setTimeout(resolve, 0)).then(() => ws.owner.caller.imports.cancel({ ...ws.tenant(), importId }))),
    });
    await expect(cancelling).resolves.toEqual({ state: "cancelled" });
    expect(result.cancelled).toBe(true);
    expect(await tenantFootprint(ws.tenantId)).toEqual(before);
  });

  it("cancelled while queued: the job never stages a row", async () => {
    const before = await tenantFootprint(ws.tenantId);
    const importId = await started(manyItems(20, [""]), "Cancelled queued");
    await ws.owner.caller.imports.cancel({ ...ws.tenant(), importId });
    await importRunner(ws.tenantId).drain();
    expect(await tenantFootprint(ws.tenantId)).toEqual(before);
    const [row] = await withTenant(ws.tenantId, (tx) => tx.select().from(imports).where(eq(imports.id, importId)));
    expect(row).toMatchObject({ state: "cancelled", stagedRows: 0, error: null });
  });

  it("once publishing has started it is too late: the cancel is refused, saying so, and the import completes", async () => {
    const importId = await started(manyItems(15, [""]), "Too late");
    await stageImport(ws.tenantId, importId);
    expect((await ws.owner.caller.imports.get({ ...ws.tenant(), importId })).state).toBe("publishing");
    await expect(ws.owner.caller.imports.cancel({ ...ws.tenant(), importId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/too late/i) });
    await importRunner(ws.tenantId).drain();
    expect(await ws.owner.caller.imports.get({ ...ws.tenant(), importId })).toMatchObject({ state: "completed", summary: { created: 15 } });
    await expect(ws.owner.caller.imports.cancel({ ...ws.tenant(), importId })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await eventsOf(importId, "import.cancelled")).toHaveLength(0);
  });

  it("an import that is not running cannot be cancelled, and another workspace's import is not found", async () => {
    const { importId } = await ws.owner.caller.imports.upload({ ...ws.tenant(), fileName: "idle.csv", bytes: bitwardenCsv(manyItems(3, [""])) });
    await expect(ws.owner.caller.imports.cancel({ ...ws.tenant(), importId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/not running/) });
    const other = await newTenant();
    await expect(other.caller.imports.cancel({ tenant: other.slug, importId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
