import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { credentials, importUploads, imports } from "@/db/schema";
import type { ImportOptions } from "@/lib/imports";
import { withTenantScope } from "@/server/scope";
import { cleanUpImports } from "@/server/services/imports/import-lifecycle";
import { STAGE_BATCH_ROWS, stageImport } from "@/server/services/imports/stage-import";
import { openCurrentPassword } from "@/server/services/vault/credential-seals";
import { ownerDb } from "../support/db";
import { bitwardenCsv, importRunner, manyItems, tenantFootprint, type SourceItem, importWorkspace } from "../support/imports";

/*
 * All or nothing: an import killed anywhere before its publishing transaction commits leaves nothing visible (no
 * password, customer or audit event), its staged rows are invisible and cleaned up, and a restart finishes it with
 * every password exactly once and each one opening to its value.
 */

const ROWS = STAGE_BATCH_ROWS * 2 + 200;

class Killed extends Error {}

describe("imports survive a crash", () => {
  const ws = importWorkspace();

  /** Uploads `items` as a Bitwarden CSV and starts importing them into a new customer; the job is queued, not run. */
  async function started(items: SourceItem[], customer: ImportOptions["customers"] = { mode: "one", customer: { type: "new", name: `Crash ${items[0]!.name}` } }) {
    const { importId } = await ws.owner.caller.imports.upload({ ...ws.tenant(), fileName: "crash.csv", bytes: bitwardenCsv(items) });
    const options: ImportOptions = { format: "bitwarden-csv", parse: {}, customers: customer, holders: null, duplicates: "merge", skipBadRows: false };
    await ws.owner.caller.imports.start({ ...ws.tenant(), importId, options });
    return importId;
  }

  /** Every password of the import's customer, opened as a reveal opens it, by name. */
  async function storedPasswords(customerName: string) {
    return withTenantScope(ws.tenantId, { userId: null, label: "test" }, async (scope) => {
      const rows = await scope.db
        .select({ id: credentials.id, name: credentials.name, secret: credentials.secret, secretGeneration: credentials.secretGeneration })
        .from(credentials)
        .where(sql`${credentials.customerId} in (select id from customers where name = ${customerName})`);
      const opened = new Map<string, string>();
      for (const row of rows) opened.set(row.name, await openCurrentPassword(scope, row));
      return opened;
    });
  }

  const importRow = async (importId: string) => (await withTenant(ws.tenantId, (tx) => tx.select().from(imports).where(eq(imports.id, importId))))[0]!;

  it("killed between staging batches: nothing visible; the restarted job resumes and every password opens to its value", async () => {
    const items = manyItems(ROWS, [""]);
    const before = await tenantFootprint(ws.tenantId);
    const importId = await started(items);
    await expect(
      stageImport(ws.tenantId, importId, {
        afterBatch: (staged) => {
          if (staged >= STAGE_BATCH_ROWS * 2) throw new Killed("killed after the second batch");
        },
      }),
    ).rejects.toBeInstanceOf(Killed);
    const killed = await tenantFootprint(ws.tenantId);
    expect(killed).toMatchObject({ credentials: before.credentials, customers: before.customers, importedEvents: before.importedEvents });
    expect(killed.staged).toBe(STAGE_BATCH_ROWS * 2);
    expect(await importRow(importId)).toMatchObject({ state: "staging", stagedRows: STAGE_BATCH_ROWS * 2, totalRows: ROWS });

    await importRunner(ws.tenantId).drain();
    expect(await ws.owner.caller.imports.get({ ...ws.tenant(), importId })).toMatchObject({ state: "completed", stagedRows: ROWS, summary: { created: ROWS } });
    const after = await tenantFootprint(ws.tenantId);
    expect(after).toMatchObject({ credentials: before.credentials + ROWS, customers: before.customers + 1, importedEvents: before.importedEvents + ROWS, staged: 0 });
    const opened = await storedPasswords(`Crash ${items[0]!.name}`);
    expect(opened.size).toBe(ROWS);
    for (const item of items) expect(opened.get(item.name)).toBe(item.password);
  });

  it("killed at the step boundary before publishing: nothing visible until another runner takes the run over", async () => {
    const items = manyItems(30, [""]);
    const before = await tenantFootprint(ws.tenantId);
    const importId = await started(items);
    const dying = importRunner(ws.tenantId, {
      leaseMs: 50,
      onStepBoundary: ({ stepId, phase }) => {
        if (stepId === "publish" && phase === "before") throw new Killed();
      },
    });
    await dying.tick();
    expect(await importRow(importId)).toMatchObject({ state: "publishing", stagedRows: 30 });
    expect(await tenantFootprint(ws.tenantId)).toMatchObject({ credentials: before.credentials, customers: before.customers, importedEvents: before.importedEvents, staged: 30 });

    await new Promise((resolve) => setTimeout(resolve, 80));
    await importRunner(ws.tenantId).drain();
    expect((await ws.owner.caller.imports.get({ ...ws.tenant(), importId })).state).toBe("completed");
    const opened = await storedPasswords(`Crash ${items[0]!.name}`);
    expect([...opened.values()].sort()).toEqual(items.map((i) => i.password).sort());
  });

  it("killed after publishing committed but before the job recorded it: the replay publishes nothing twice", async () => {
    const items = manyItems(12, [""]);
    const before = await tenantFootprint(ws.tenantId);
    await started(items);
    const dying = importRunner(ws.tenantId, {
      leaseMs: 50,
      onStepBoundary: ({ stepId, phase }) => {
        if (stepId === "publish" && phase === "after-effect") throw new Killed();
      },
    });
    await dying.tick();
    await new Promise((resolve) => setTimeout(resolve, 80));
    await importRunner(ws.tenantId).drain();
    expect(await tenantFootprint(ws.tenantId)).toMatchObject({ credentials: before.credentials + 12, importedEvents: before.importedEvents + 12, staged: 0 });
  });

  it("fails whole, with nothing written, when a password it merges into is edited while it runs", async () => {
    const customer = await ws.owner.caller.customers.create({ ...ws.tenant(), name: "Edited meanwhile" });
    const stored = await ws.owner.caller.credentials.create({ ...ws.tenant(), target: { type: "customer", id: customer.id }, name: "Core switch", username: "admin", password: "Switch-Old-1", loginUrl: "https://switch.test" });
    const items: SourceItem[] = [
      { collection: null, name: "Core switch", username: "admin", password: "Switch-Imported-2", url: "https://switch.test" },
      { collection: null, name: "Edge router", username: "admin", password: "Router-Imported-1", url: "https://router.test" },
    ];
    const before = await tenantFootprint(ws.tenantId);
    const importId = await started(items, { mode: "one", customer: { type: "existing", customerId: customer.id } });
    await stageImport(ws.tenantId, importId);
    await ws.owner.caller.credentials.update({ ...ws.tenant(), id: stored.id, version: 1, changes: { password: "Switch-Edited-2" } });
    await importRunner(ws.tenantId).drain();
    const failed = await ws.owner.caller.imports.get({ ...ws.tenant(), importId });
    expect(failed).toMatchObject({ state: "failed", error: "1 of the passwords this import merges into were changed or deleted while it ran: start it again." });
    expect(await tenantFootprint(ws.tenantId)).toMatchObject({ credentials: before.credentials, importedEvents: before.importedEvents, staged: 0 });
    expect((await ws.owner.caller.credentials.reveal({ ...ws.tenant(), id: stored.id, field: "password" })).value).toBe("Switch-Edited-2");
  });

  it("cleans up: an import stalled for a day is failed and its staging removed; week-old files are deleted", async () => {
    const importId = await started(manyItems(5, [""]));
    await stageImport(ws.tenantId, importId, {
      afterBatch: () => {
        throw new Killed();
      },
    }).catch(() => undefined);
    const db = await ownerDb();
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await db.update(imports).set({ updatedAt: dayAgo, createdAt: new Date(Date.now() - 8 * 86_400_000) }).where(eq(imports.id, importId));
    const result = await cleanUpImports(ws.tenantId);
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(await importRow(importId)).toMatchObject({ state: "failed" });
    expect((await tenantFootprint(ws.tenantId)).staged).toBe(0);
    await cleanUpImports(ws.tenantId);
    expect(await db.select().from(importUploads).where(and(eq(importUploads.tenantId, ws.tenantId), eq(importUploads.id, importId)))).toEqual([]);
  });
});
