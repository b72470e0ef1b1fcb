import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { auditHash, GENESIS_HASH } from "@/server/services/audit/chain";
import {
  listAuditActions,
  listAuditEvents,
  listAuditEventsInput,
  type ListAuditEventsInput,
} from "@/server/services/audit/list-audit-events";
import { recordAuditEvent, type AuditActor } from "@/server/services/audit/record-audit-event";
import { describeAuditReport, verifyAuditChains } from "@/server/services/audit/verify-audit-chains";
import { bareTenant, ownerDb } from "../support/db";
import { raceTest } from "../support/races";

const alice: AuditActor = { userId: randomUUID(), label: "alice@example.com", ip: "192.0.2.10", userAgent: "test" };
const bob: AuditActor = { userId: randomUUID(), label: "bob@example.com" };

async function record(tenantId: string, count: number, actor = alice, action = "credential.reveal") {
  for (let i = 1; i <= count; i++) {
    await withTenant(tenantId, (tx) =>
      recordAuditEvent(tx, tenantId, actor, { action, target: { type: "credential", id: `c-${i}` }, details: { i } }),
    );
  }
}

async function chainOf(tenantId: string) {
  const db = await ownerDb();
  return db.select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId)).orderBy(asc(auditEvents.seq));
}

const verify = (...tenantIds: string[]) => ownerDb().then((db) => verifyAuditChains(db, { tenantIds }));

/** The message of a database error, whether or not the driver wrapped it (drizzle puts the original in `cause`). */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(" / ");
  }
  throw new Error("expected the statement to be rejected");
}

describe("recordAuditEvent", () => {
  it("builds a valid chain: seq 1..10, genesis, each prev_hash the previous hash", async () => {
    const t = await bareTenant();
    await record(t.id, 10);
    const rows = await chainOf(t.id);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    for (const row of rows) expect(auditHash(row)).toBe(row.hash);
    expect(rows[2]).toMatchObject({
      actorUserId: alice.userId,
      actorLabel: "alice@example.com",
      action: "credential.reveal",
      targetType: "credential",
      targetId: "c-3",
      ip: "192.0.2.10",
      details: { i: 3 },
    });

    expect(await verify(t.id)).toEqual({ tenantsChecked: 1, eventsChecked: 10, firstBreak: null, breaks: [] });
    // Streamed in batches smaller than the chain, and one that ends exactly on a batch boundary.
    for (const batchSize of [1, 3, 5]) {
      const report = await verifyAuditChains(await ownerDb(), { tenantIds: [t.id], batchSize });
      expect(report).toEqual({ tenantsChecked: 1, eventsChecked: 10, firstBreak: null, breaks: [] });
    }
  });

  raceTest("keeps the chain gap-free under 20 concurrent writers", async () => {
    const t = await bareTenant();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTenant(t.id, (tx) => recordAuditEvent(tx, t.id, alice, { action: "login", details: { n: i } })),
      ),
    );
    const rows = await chainOf(t.id);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows.map((r) => r.details.n).sort((x, y) => Number(x) - Number(y))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect((await verify(t.id)).breaks).toEqual([]);
  });

  it("rolls back with the transaction it belongs to", async () => {
    const t = await bareTenant();
    await expect(
      withTenant(t.id, async (tx) => {
        await recordAuditEvent(tx, t.id, alice, { action: "credential.update" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await chainOf(t.id)).toEqual([]);
  });
});

describe("the application role", () => {
  it("cannot UPDATE, DELETE or TRUNCATE audit events", async () => {
    const t = await bareTenant();
    await record(t.id, 2);
    const before = await chainOf(t.id);
    for (const statement of [
      sql`update audit_events set details = '{}'::jsonb where tenant_id = ${t.id}`,
      sql`delete from audit_events where tenant_id = ${t.id} and seq = 2`,
      sql`truncate audit_events`,
    ]) {
      expect(await failure(withTenant(t.id, (tx) => tx.execute(statement)))).toMatch(
        /permission denied for (table|relation) audit_events/,
      );
    }
    expect(await chainOf(t.id)).toEqual(before);
  });
});

describe("verifyAuditChains", () => {
  it("catches an owner-level edit of one event's details at exactly that seq", async () => {
    const t = await bareTenant();
    await record(t.id, 8);
    const db = await ownerDb();
    await db
      .update(auditEvents)
      .set({ details: { i: 400 } })
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.seq, 4)));
    const report = await verify(t.id);
    expect(report.firstBreak).toEqual({
      tenantId: t.id,
      tenantSlug: t.slug,
      seq: 4,
      reason: "hash does not match the event's contents",
    });
    expect(report.breaks).toHaveLength(1);
    expect(report.eventsChecked).toBe(4); // stops at the first break of the tenant
  });

  it("catches an edit whose hash was recomputed, at the next event", async () => {
    const t = await bareTenant();
    await record(t.id, 8);
    const db = await ownerDb();
    const row = (await chainOf(t.id))[3]!;
    const forged = { ...row, actorLabel: "someone-else@example.com" };
    await db
      .update(auditEvents)
      .set({ actorLabel: forged.actorLabel, hash: auditHash(forged) })
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.seq, 4)));
    expect((await verify(t.id)).firstBreak).toMatchObject({
      seq: 5,
      reason: "prev_hash does not match the hash of event 4",
    });
  });

  it("catches a deleted middle event", async () => {
    const t = await bareTenant();
    await record(t.id, 8);
    const db = await ownerDb();
    await db.delete(auditEvents).where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.seq, 5)));
    expect((await verify(t.id)).firstBreak).toEqual({
      tenantId: t.id,
      tenantSlug: t.slug,
      seq: 5,
      reason: "event 5 is missing (the chain jumps from 4 to 6)",
    });
  });

  it("catches a chain whose first events were deleted", async () => {
    const t = await bareTenant();
    await record(t.id, 4);
    const db = await ownerDb();
    await db.delete(auditEvents).where(and(eq(auditEvents.tenantId, t.id), sql`${auditEvents.seq} <= 2`));
    expect((await verify(t.id)).firstBreak).toMatchObject({
      seq: 1,
      reason: "events 1–2 are missing (the chain jumps from 0 to 3)",
    });
  });

  it("lists every broken tenant with its own first break, and passes healthy ones", async () => {
    const [healthy, edited, gap] = await Promise.all([bareTenant(), bareTenant(), bareTenant()]);
    await Promise.all([record(healthy.id, 3), record(edited.id, 3), record(gap.id, 6)]);
    const db = await ownerDb();
    await db.update(auditEvents).set({ action: "nothing.happened" }).where(eq(auditEvents.tenantId, edited.id));
    await db.delete(auditEvents).where(and(eq(auditEvents.tenantId, gap.id), eq(auditEvents.seq, 3)));

    const report = await verify(healthy.id, edited.id, gap.id);
    expect(report.tenantsChecked).toBe(3);
    expect(report.eventsChecked).toBe(3 + 1 + 3);
    const byTenant = Object.fromEntries(report.breaks.map((b) => [b.tenantId, b.seq]));
    expect(byTenant).toEqual({ [edited.id]: 1, [gap.id]: 3 });
    expect(report.firstBreak).toEqual(report.breaks[0]);

    // The whole-database walk (what the CLI runs) finds them too, whatever else is in the database.
    const all = await verifyAuditChains(db);
    expect(all.tenantsChecked).toBeGreaterThanOrEqual(3);
    expect(all.breaks).toEqual(expect.arrayContaining(report.breaks));
    expect(all.breaks.map((b) => b.tenantId)).not.toContain(healthy.id);

    const { ok, lines } = describeAuditReport(report);
    expect(ok).toBe(false);
    expect(lines).toContain(
      `BROKEN tenant ${gap.slug} (${gap.id}) at seq 3: event 3 is missing (the chain jumps from 2 to 4)`,
    );
    expect(lines).toContain(`BROKEN tenant ${edited.slug} (${edited.id}) at seq 1: hash does not match the event's contents`);
    expect(lines.at(-1)).toBe("FAILED: 3 tenant(s), 7 event(s) checked; 2 broken chain(s).");
  });

  it("summarises a clean run", async () => {
    const t = await bareTenant();
    await record(t.id, 2);
    expect(describeAuditReport(await verify(t.id))).toEqual({
      ok: true,
      lines: ["OK: 1 tenant(s), 2 event(s) checked; every chain verifies."],
    });
  });
});

describe("scripts/audit-verify.ts", () => {
  it("runs under plain tsx (no server-only import) and exits 0 on an empty database", { timeout: 60_000 }, async () => {
    const root = path.resolve(__dirname, "../..");
    // A fresh in-memory database in the child: the shared test database holds deliberately broken chains.
    const env: NodeJS.ProcessEnv = { ...process.env, VAULTLINE_DATA_DIR: "memory://" };
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      cwd: root,
      env,
    });
    expect(stdout.trim()).toBe("OK: 0 tenant(s), 0 event(s) checked; every chain verifies.");
  });
});

describe("listAuditEvents", () => {
  let a: Awaited<ReturnType<typeof bareTenant>>;
  let b: Awaited<ReturnType<typeof bareTenant>>;
  const list = (tenantId: string, input: ListAuditEventsInput) =>
    withTenant(tenantId, (tx) => listAuditEvents(tx, tenantId, input));

  afterEach(() => {
    vi.useRealTimers();
  });

  beforeAll(async () => {
    [a, b] = await Promise.all([bareTenant(), bareTenant()]);
    // Fake only Date, so recorded events get known timestamps and the chain stays valid.
    vi.useFakeTimers({ toFake: ["Date"] });
    const events: [string, AuditActor, string][] = [
      ["2026-03-01T09:00:00.000Z", alice, "user.login"],
      ["2026-03-01T10:00:00.000Z", alice, "credential.reveal"],
      ["2026-03-02T09:00:00.000Z", bob, "user.login"],
      ["2026-03-02T10:00:00.000Z", bob, "credential.reveal"],
      ["2026-03-03T09:00:00.000Z", alice, "credential.update"],
      ["2026-03-03T10:00:00.000Z", bob, "credential.reveal"],
      ["2026-03-04T09:00:00.000Z", alice, "credential.reveal"],
      ["2026-03-04T10:00:00.000Z", bob, "share.create"],
      ["2026-03-05T09:00:00.000Z", alice, "credential.reveal"],
      ["2026-03-05T10:00:00.000Z", alice, "user.logout"],
    ];
    for (const [at, actor, action] of events) {
      vi.setSystemTime(new Date(at));
      await withTenant(a.id, (tx) => recordAuditEvent(tx, a.id, actor, { action }));
    }
    vi.setSystemTime(new Date("2026-03-03T12:00:00.000Z"));
    await withTenant(b.id, (tx) => recordAuditEvent(tx, b.id, alice, { action: "tenant-b.secret-thing" }));
    vi.useRealTimers();
  });

  it("pages newest first by seq until nextCursor is null", async () => {
    const p1 = await list(a.id, { limit: 4 });
    expect(p1.items.map((e) => e.seq)).toEqual([10, 9, 8, 7]);
    expect(p1.nextCursor).toBe(7);
    const p2 = await list(a.id, { limit: 4, cursor: p1.nextCursor! });
    expect(p2.items.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    const p3 = await list(a.id, { limit: 4, cursor: p2.nextCursor! });
    expect(p3.items.map((e) => e.seq)).toEqual([2, 1]);
    expect(p3.nextCursor).toBeNull();
    // Exactly one page's worth left: no phantom next page.
    expect(await list(a.id, { limit: 2, cursor: 3 })).toMatchObject({ nextCursor: null });
  });

  it("defaults to 50 and returns the event's fields but not the chain hashes", async () => {
    const page = await list(a.id, {});
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      seq: 10,
      at: new Date("2026-03-05T10:00:00.000Z"),
      actorUserId: alice.userId,
      actorLabel: "alice@example.com",
      action: "user.logout",
      targetType: null,
      targetId: null,
      ip: "192.0.2.10",
      userAgent: "test",
      details: {},
    });
  });

  it("filters by action, by actor and by time range, and pages within the filter", async () => {
    const reveals = await list(a.id, { action: "credential.reveal" });
    expect(reveals.items.map((e) => e.seq)).toEqual([9, 7, 6, 4, 2]);

    const bobs = await list(a.id, { actorUserId: bob.userId! });
    expect(bobs.items.map((e) => e.seq)).toEqual([8, 6, 4, 3]);

    const bobReveals = await list(a.id, { actorUserId: bob.userId!, action: "credential.reveal", limit: 1 });
    expect(bobReveals).toMatchObject({ items: [{ seq: 6 }], nextCursor: 6 });
    const next = await list(a.id, { actorUserId: bob.userId!, action: "credential.reveal", limit: 1, cursor: 6 });
    expect(next).toMatchObject({ items: [{ seq: 4 }], nextCursor: null });

    // from inclusive, to exclusive.
    const days = await list(a.id, { from: "2026-03-02T09:00:00.000Z", to: "2026-03-04T09:00:00.000Z" });
    expect(days.items.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    const withOffset = await list(a.id, { from: "2026-03-05T10:00:00+01:00" });
    expect(withOffset.items.map((e) => e.seq)).toEqual([10, 9]);
  });

  it("never returns another tenant's events", async () => {
    const forB = await list(b.id, {});
    expect(forB.items.map((e) => e.action)).toEqual(["tenant-b.secret-thing"]);
    expect((await list(a.id, { action: "tenant-b.secret-thing" })).items).toEqual([]);
    // Even a service handed the wrong tenant id sees nothing: RLS is underneath.
    expect((await withTenant(b.id, (tx) => listAuditEvents(tx, a.id, {}))).items).toEqual([]);
    expect(await withTenant(b.id, (tx) => listAuditActions(tx, a.id))).toEqual([]);
  });

  it("lists the distinct actions, sorted", async () => {
    expect(await withTenant(a.id, (tx) => listAuditActions(tx, a.id))).toEqual([
      "credential.reveal",
      "credential.update",
      "share.create",
      "user.login",
      "user.logout",
    ]);
  });

  it("validates its input with specific messages", () => {
    expect(listAuditEventsInput.parse({})).toEqual({ limit: 50 });
    for (const bad of [{ limit: 0 }, { limit: 101 }, { limit: 2.5 }, { cursor: 0 }, { actorUserId: "nope" }]) {
      expect(listAuditEventsInput.safeParse(bad).success).toBe(false);
    }
    const badDate = listAuditEventsInput.safeParse({ from: "yesterday" });
    expect(badDate.error?.issues[0]?.path).toEqual(["from"]);
    const reversed = listAuditEventsInput.safeParse({ from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" });
    expect(reversed.error?.issues[0]).toMatchObject({ path: ["to"], message: "From must be earlier than To." });
  });

  it("refuses an out-of-range limit even when called directly", async () => {
    await expect(list(a.id, { limit: 1000 })).rejects.toThrow();
  });
});
