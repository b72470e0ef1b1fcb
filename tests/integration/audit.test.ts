import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuditAction } from "@/lib/audit-actions";
import { withTenant } from "@/db/client";
import { auditEvents } from "@/db/schema";
import {
  listAuditActions,
  listAuditEvents,
  listAuditEventsInput,
  type ListAuditEventsInput,
} from "@/server/services/audit/list-audit-events";
import { recordAuditEvent, type AuditActor } from "@/server/services/audit/record-audit-event";
import { sealTenantAudit } from "@/server/services/audit/seal-audit-chain";
import { inTenantScope } from "../support/scope";
import { bareTenant, databaseRefusal, ownerDb } from "../support/db";
import { raceTest } from "../support/races";

const alice: AuditActor = { userId: randomUUID(), label: "alice@example.com", ip: "192.0.2.10", userAgent: "test" };
const bob: AuditActor = { userId: randomUUID(), label: "bob@example.com" };

async function eventsOf(tenantId: string) {
  const db = await ownerDb();
  return db.select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId)).orderBy(asc(auditEvents.id));
}

describe("recordAuditEvent", () => {
  it("appends the event with every field, ids increasing in write order", async () => {
    const t = await bareTenant();
    for (let i = 1; i <= 3; i++) {
      await withTenant(t.id, (tx) => recordAuditEvent(tx, t.id, alice, { action: "credential.revealed", target: { type: "credential", id: `c-${i}` }, details: { i } }));
    }
    const rows = await eventsOf(t.id);
    expect(rows.map((r) => r.details.i)).toEqual([1, 2, 3]);
    expect(rows[0]!.id).toBeLessThan(rows[1]!.id);
    expect(rows[2]).toMatchObject({
      tenantId: t.id,
      actorUserId: alice.userId,
      actorLabel: "alice@example.com",
      action: "credential.revealed",
      targetType: "credential",
      targetId: "c-3",
      ip: "192.0.2.10",
      userAgent: "test",
      details: { i: 3 },
    });
  });

  raceTest("keeps every one of 20 concurrent writers, and they seal into one chain", async () => {
    const t = await bareTenant();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => withTenant(t.id, (tx) => recordAuditEvent(tx, t.id, alice, { action: "auth.login", details: { n: i } }))),
    );
    const rows = await eventsOf(t.id);
    expect(rows.map((r) => Number(r.details.n)).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await sealTenantAudit(t.id)).toBe(20);
  });

  raceTest("does not make a writer wait for another writer of the same workspace", async () => {
    const t = await bareTenant();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let recorded!: () => void;
    const firstRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const first = withTenant(t.id, async (tx) => {
      await recordAuditEvent(tx, t.id, alice, { action: "auth.login" });
      recorded();
      await held;
    });
    await firstRecorded;
    // With a per-workspace lock this second writer would wait until the first commits, which it never does first.
    const second = withTenant(t.id, (tx) => recordAuditEvent(tx, t.id, bob, { action: "auth.logout" })).then(() => "committed");
    const outcome = await Promise.race([second, new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5000))]);
    release();
    await first;
    expect(outcome).toBe("committed");
  });

  it("rolls back with the transaction it belongs to", async () => {
    const t = await bareTenant();
    await expect(
      withTenant(t.id, async (tx) => {
        await recordAuditEvent(tx, t.id, alice, { action: "credential.updated" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await eventsOf(t.id)).toEqual([]);
  });
});

describe("the application role", () => {
  it("cannot UPDATE, DELETE or TRUNCATE audit events, seals or keys", async () => {
    const t = await bareTenant();
    await withTenant(t.id, (tx) => recordAuditEvent(tx, t.id, alice, { action: "auth.login" }));
    await sealTenantAudit(t.id);
    const before = await eventsOf(t.id);
    for (const [table, statement] of [
      ["audit_events", sql`update audit_events set details = '{}'::jsonb where tenant_id = ${t.id}`],
      ["audit_events", sql`delete from audit_events where tenant_id = ${t.id}`],
      ["audit_events", sql`truncate audit_events`],
      ["audit_seals", sql`update audit_seals set mac = ${"0".repeat(64)} where tenant_id = ${t.id}`],
      ["audit_seals", sql`delete from audit_seals where tenant_id = ${t.id}`],
      ["audit_keys", sql`update audit_keys set wrapped_key = 'x' where tenant_id = ${t.id}`],
      ["audit_keys", sql`delete from audit_keys where tenant_id = ${t.id}`],
    ] as const) {
      expect(await databaseRefusal(withTenant(t.id, (tx) => tx.execute(statement)))).toMatch(new RegExp(`permission denied for (table|relation) ${table}`));
    }
    expect(await eventsOf(t.id)).toEqual(before);
  });
});

describe("scripts/audit-verify.ts", () => {
  const root = path.resolve(__dirname, "../..");
  // A fresh in-memory database in the child: the shared test database holds deliberately broken chains.
  const env: NodeJS.ProcessEnv = { ...process.env, VAULTLINE_DATA_DIR: "memory://" };
  delete env.DATABASE_URL;
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/audit-verify.ts", ...args], { cwd: root, env });

  it("exits 0 on an empty database", { timeout: 60_000 }, async () => {
    const { stdout } = await run();
    expect(stdout.trim()).toBe("OK: 0 tenant(s), 0 sealed event(s) checked; every chain verifies.");
  });

  it("exits 1 when an anchored workspace is gone", { timeout: 60_000 }, async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "vaultline-anchors-")), "anchors.jsonl");
    const tenant = randomUUID();
    writeFileSync(file, `${JSON.stringify({ v: 1, tenant, seq: 3, mac: "a".repeat(64), at: "2026-12-01T00:00:00.000Z", sig: "b".repeat(64) })}\n`);
    const failed = await run("--anchors", file).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain(`BROKEN tenant (missing) (${tenant}) at seq 3: an anchor of 2026-12-01T00:00:00.000Z recorded seq 3, but the workspace no longer exists`);
  });
});

describe("listAuditEvents", () => {
  let a: Awaited<ReturnType<typeof bareTenant>>;
  let b: Awaited<ReturnType<typeof bareTenant>>;
  /** The ids of tenant A's events in the order they were written: position 1 is the first. */
  let ids: number[] = [];
  const idAt = (position: number) => ids[position - 1]!;
  const n = (id: number) => ids.indexOf(id) + 1;
  const list = (tenantId: string, input: ListAuditEventsInput) =>
    inTenantScope(tenantId, (scope) => listAuditEvents(scope, input));

  afterEach(() => {
    vi.useRealTimers();
  });

  beforeAll(async () => {
    [a, b] = await Promise.all([bareTenant(), bareTenant()]);
    // Fake only Date, so recorded events get known timestamps.
    vi.useFakeTimers({ toFake: ["Date"] });
    const events: [string, AuditActor, AuditAction][] = [
      ["2026-03-01T09:00:00.000Z", alice, "auth.login"],
      ["2026-03-01T10:00:00.000Z", alice, "credential.revealed"],
      ["2026-03-02T09:00:00.000Z", bob, "auth.login"],
      ["2026-03-02T10:00:00.000Z", bob, "credential.revealed"],
      ["2026-03-03T09:00:00.000Z", alice, "credential.updated"],
      ["2026-03-03T10:00:00.000Z", bob, "credential.revealed"],
      ["2026-03-04T09:00:00.000Z", alice, "credential.revealed"],
      ["2026-03-04T10:00:00.000Z", bob, "share.created"],
      ["2026-03-05T09:00:00.000Z", alice, "credential.revealed"],
      ["2026-03-05T10:00:00.000Z", alice, "auth.logout"],
    ];
    for (const [at, actor, action] of events) {
      vi.setSystemTime(new Date(at));
      await withTenant(a.id, (tx) => recordAuditEvent(tx, a.id, actor, { action }));
    }
    vi.setSystemTime(new Date("2026-03-03T12:00:00.000Z"));
    await withTenant(b.id, (tx) => recordAuditEvent(tx, b.id, alice, { action: "settings.updated" }));
    vi.useRealTimers();
    ids = (await eventsOf(a.id)).map((e) => e.id);
  });

  it("pages newest first by id until nextCursor is null", async () => {
    const p1 = await list(a.id, { limit: 4 });
    expect(p1.items.map((e) => n(e.id))).toEqual([10, 9, 8, 7]);
    expect(p1.nextCursor).toBe(idAt(7));
    const p2 = await list(a.id, { limit: 4, cursor: p1.nextCursor! });
    expect(p2.items.map((e) => n(e.id))).toEqual([6, 5, 4, 3]);
    const p3 = await list(a.id, { limit: 4, cursor: p2.nextCursor! });
    expect(p3.items.map((e) => n(e.id))).toEqual([2, 1]);
    expect(p3.nextCursor).toBeNull();
    // Exactly one page's worth left: no phantom next page.
    expect(await list(a.id, { limit: 2, cursor: idAt(3) })).toMatchObject({ nextCursor: null });
  });

  it("defaults to 50 and returns the event's fields but not the chain hashes", async () => {
    const page = await list(a.id, {});
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      id: idAt(10),
      at: new Date("2026-03-05T10:00:00.000Z"),
      actorUserId: alice.userId,
      actorLabel: "alice@example.com",
      action: "auth.logout",
      targetType: null,
      targetId: null,
      ip: "192.0.2.10",
      userAgent: "test",
      details: {},
      target: null,
    });
  });

  it("filters by action, by actor and by time range, and pages within the filter", async () => {
    const reveals = await list(a.id, { action: "credential.revealed" });
    expect(reveals.items.map((e) => n(e.id))).toEqual([9, 7, 6, 4, 2]);

    const bobs = await list(a.id, { actorUserId: bob.userId! });
    expect(bobs.items.map((e) => n(e.id))).toEqual([8, 6, 4, 3]);

    const bobReveals = await list(a.id, { actorUserId: bob.userId!, action: "credential.revealed", limit: 1 });
    expect(bobReveals).toMatchObject({ items: [{ id: idAt(6) }], nextCursor: idAt(6) });
    const next = await list(a.id, { actorUserId: bob.userId!, action: "credential.revealed", limit: 1, cursor: idAt(6) });
    expect(next).toMatchObject({ items: [{ id: idAt(4) }], nextCursor: null });

    // from inclusive, to exclusive.
    const days = await list(a.id, { from: "2026-03-02T09:00:00.000Z", to: "2026-03-04T09:00:00.000Z" });
    expect(days.items.map((e) => n(e.id))).toEqual([6, 5, 4, 3]);
    const withOffset = await list(a.id, { from: "2026-03-05T10:00:00+01:00" });
    expect(withOffset.items.map((e) => n(e.id))).toEqual([10, 9]);
  });

  it("never returns another tenant's events", async () => {
    const forB = await list(b.id, {});
    expect(forB.items.map((e) => e.action)).toEqual(["settings.updated"]);
    expect((await list(a.id, { action: "settings.updated" })).items).toEqual([]);
    // Even a service handed the wrong tenant id sees nothing: RLS is underneath.
    expect((await inTenantScope(b.id, (scope) => listAuditEvents({ ...scope, tenantId: a.id }, {}))).items).toEqual([]);
    expect(await inTenantScope(b.id, (scope) => listAuditActions({ ...scope, tenantId: a.id }))).toEqual([]);
  });

  it("lists the distinct actions, sorted", async () => {
    expect(await inTenantScope(a.id, listAuditActions)).toEqual([
      "auth.login",
      "auth.logout",
      "credential.revealed",
      "credential.updated",
      "share.created",
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
