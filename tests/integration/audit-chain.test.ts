import { createHash, createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuditAction } from "@/lib/audit-actions";
import { withTenant } from "@/db/client";
import { clearKeyCache } from "@/server/crypto";
import { auditEvents, auditKeys, auditSeals } from "@/db/schema";
import { anchorMessage, chainMessage, GENESIS_MAC } from "@/server/services/audit/chain";
import { currentAnchor, formatAnchor, parseAnchors, writeAuditAnchors, type AuditAnchor } from "@/server/services/audit/anchors";
import { recordAuditEvent, type AuditActor } from "@/server/services/audit/record-audit-event";
import { sealAuditChain, sealTenantAudit, tenantsWithUnsealedAudit } from "@/server/services/audit/seal-audit-chain";
import { describeAuditReport, verifyAuditChains } from "@/server/services/audit/verify-audit-chains";
import { bareTenant, ownerDb } from "../support/db";
import { raceTest } from "../support/races";

const alice: AuditActor = { userId: randomUUID(), label: "alice@example.com", ip: "192.0.2.10", userAgent: "test" };

async function record(tenantId: string, count: number, action: AuditAction = "credential.revealed") {
  for (let i = 1; i <= count; i++) {
    await withTenant(tenantId, (tx) => recordAuditEvent(tx, tenantId, alice, { action, target: { type: "credential", id: `c-${i}` }, details: { i } }));
  }
}

/** A tenant with `count` events, all sealed. */
async function sealedTenant(count: number) {
  const t = await bareTenant();
  await record(t.id, count);
  expect(await sealTenantAudit(t.id)).toBe(count);
  return t;
}

async function sealsOf(tenantId: string) {
  const db = await ownerDb();
  return db.select().from(auditSeals).where(eq(auditSeals.tenantId, tenantId)).orderBy(asc(auditSeals.seq));
}

const verify = (tenantIds: string[], anchors?: AuditAnchor[]) => ownerDb().then((db) => verifyAuditChains(db, { tenantIds, anchors }));

/** What an attacker with write access to the database but without the master key does: cuts the chain from `seq`. */
async function cutFrom(tenantId: string, seq: number) {
  const db = await ownerDb();
  const cut = await db.delete(auditSeals).where(and(eq(auditSeals.tenantId, tenantId), gte(auditSeals.seq, seq))).returning();
  for (const seal of cut) await db.delete(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.id, seal.eventId)));
}

describe("sealing", () => {
  it("chains committed events in id order under the tenant's key, and verify counts unsealed ones as pending", async () => {
    const t = await bareTenant();
    await record(t.id, 5);
    const before = await verify([t.id]);
    expect(before).toMatchObject({ eventsChecked: 0, pendingEvents: 5, breaks: [] });
    expect(describeAuditReport(before).lines[0]).toMatch(/^PENDING: 5 event\(s\) not sealed yet/);
    expect(await tenantsWithUnsealedAudit()).toContain(t.id);

    expect(await sealAuditChain(t.id)).toEqual({ sealed: 5, headSeq: 5, busy: false });
    const seals = await sealsOf(t.id);
    const events = await (await ownerDb()).select().from(auditEvents).where(eq(auditEvents.tenantId, t.id)).orderBy(asc(auditEvents.id));
    expect(seals.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(seals.map((s) => s.eventId)).toEqual(events.map((e) => e.id));
    expect(new Set(seals.map((s) => s.mac)).size).toBe(5);
    expect(await tenantsWithUnsealedAudit()).not.toContain(t.id);
    expect(await sealAuditChain(t.id)).toEqual({ sealed: 0, headSeq: 5, busy: false });

    // The chain continues where it stopped.
    await record(t.id, 2);
    expect(await sealAuditChain(t.id)).toMatchObject({ sealed: 2, headSeq: 7 });
    expect(await verify([t.id])).toMatchObject({ eventsChecked: 7, pendingEvents: 0, breaks: [] });
    for (const batchSize of [1, 3, 7]) {
      expect(await verifyAuditChains(await ownerDb(), { tenantIds: [t.id], batchSize })).toMatchObject({ eventsChecked: 7, breaks: [] });
    }
  });

  it("seals in batches until nothing is left", async () => {
    const t = await bareTenant();
    await record(t.id, 7);
    expect(await sealAuditChain(t.id, { batchSize: 3 })).toMatchObject({ sealed: 3, headSeq: 3 });
    expect(await sealAuditChain(t.id, { batchSize: 3 })).toMatchObject({ sealed: 3, headSeq: 6 });
    expect(await sealAuditChain(t.id, { batchSize: 3 })).toMatchObject({ sealed: 1, headSeq: 7 });
    expect((await verify([t.id])).breaks).toEqual([]);
  });

  it("a round that dies half-way seals nothing, and the next round seals everything", async () => {
    const t = await bareTenant();
    await record(t.id, 6);
    const db = await ownerDb();
    // The crash: the sealer's insert fails at the fourth seal, as if the process died before its commit.
    const trigger = `audit_crash_${t.id.replaceAll("-", "")}`;
    await db.execute(sql.raw(`create function ${trigger}() returns trigger language plpgsql as $$ begin
      if new.tenant_id = '${t.id}' and new.seq = 4 then raise exception 'simulated crash'; end if; return new; end $$`));
    await db.execute(sql.raw(`create trigger ${trigger} before insert on audit_seals for each row execute function ${trigger}()`));
    await expect(sealAuditChain(t.id)).rejects.toThrow();
    expect(await sealsOf(t.id)).toEqual([]);
    await db.execute(sql.raw(`drop trigger ${trigger} on audit_seals`));
    await db.execute(sql.raw(`drop function ${trigger}()`));

    expect(await sealTenantAudit(t.id)).toBe(6);
    expect(await verify([t.id])).toMatchObject({ eventsChecked: 6, pendingEvents: 0, breaks: [] });
  });

  raceTest("leaves an event of a still-open transaction for the next round, which seals it", async () => {
    const t = await bareTenant();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let recorded!: () => void;
    const firstRecorded = new Promise<void>((resolve) => (recorded = resolve));
    // An older transaction writes first and commits last.
    const slow = withTenant(t.id, async (tx) => {
      await recordAuditEvent(tx, t.id, alice, { action: "auth.login" });
      recorded();
      await held;
    });
    await firstRecorded;
    await withTenant(t.id, (tx) => recordAuditEvent(tx, t.id, alice, { action: "auth.logout" }));
    expect(await sealAuditChain(t.id)).toMatchObject({ sealed: 1, headSeq: 1 });
    release();
    await slow;
    expect(await sealAuditChain(t.id)).toMatchObject({ sealed: 1, headSeq: 2 });
    const db = await ownerDb();
    const chained = await db
      .select({ action: auditEvents.action })
      .from(auditSeals)
      .innerJoin(auditEvents, and(eq(auditEvents.tenantId, auditSeals.tenantId), eq(auditEvents.id, auditSeals.eventId)))
      .where(eq(auditSeals.tenantId, t.id))
      .orderBy(asc(auditSeals.seq));
    expect(chained.map((r) => r.action)).toEqual(["auth.logout", "auth.login"]);
    expect(await verify([t.id])).toMatchObject({ eventsChecked: 2, pendingEvents: 0, breaks: [] });
  });
});

describe("verifying the sealed chain", () => {
  it("catches an edited event at its seq", async () => {
    const t = await sealedTenant(8);
    const seal = (await sealsOf(t.id))[3]!;
    await (await ownerDb()).update(auditEvents).set({ details: { i: 400 } }).where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.id, seal.eventId)));
    const report = await verify([t.id]);
    expect(report.firstBreak).toEqual({ tenantId: t.id, tenantSlug: t.slug, seq: 4, reason: "the MAC does not match the event or the chain up to seq 3" });
    expect(report.eventsChecked).toBe(4);
  });

  it("catches history rewritten and re-chained without the key (SHA-256 as before, or HMAC under a guessed key)", async () => {
    for (const forge of [
      (message: string) => createHash("sha256").update(message).digest("hex"),
      (message: string) => createHmac("sha256", Buffer.alloc(32)).update(message).digest("hex"),
    ]) {
      const t = await sealedTenant(6);
      const db = await ownerDb();
      const seals = await sealsOf(t.id);
      await db.update(auditEvents).set({ actorLabel: "someone-else@example.com" }).where(eq(auditEvents.tenantId, t.id));
      // Recompute every MAC from the first, exactly as the sealer would, but without the tenant's key.
      let prev = GENESIS_MAC;
      for (const seal of seals) {
        const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.id, seal.eventId)));
        prev = forge(chainMessage(t.id, seal.seq, event!, prev));
        await db.update(auditSeals).set({ mac: prev }).where(and(eq(auditSeals.tenantId, t.id), eq(auditSeals.seq, seal.seq)));
      }
      expect((await verify([t.id])).firstBreak).toMatchObject({ seq: 1, reason: "the MAC does not match the event (changed, or the seal was rewritten)" });
    }
  });

  it("catches a removed middle event and a swapped audit key", async () => {
    const gap = await sealedTenant(8);
    const db = await ownerDb();
    const [fifth] = await db.delete(auditSeals).where(and(eq(auditSeals.tenantId, gap.id), eq(auditSeals.seq, 5))).returning();
    await db.delete(auditEvents).where(and(eq(auditEvents.tenantId, gap.id), eq(auditEvents.id, fifth!.eventId)));
    expect((await verify([gap.id])).firstBreak).toMatchObject({ seq: 5, reason: "seal 5 is missing (the chain jumps from 4 to 6)" });

    const swapped = await sealedTenant(2);
    const other = await sealedTenant(1);
    const [otherKey] = await db.select().from(auditKeys).where(eq(auditKeys.tenantId, other.id));
    await db.update(auditKeys).set({ wrappedKey: otherKey!.wrappedKey }).where(eq(auditKeys.tenantId, swapped.id));
    clearKeyCache(); // as in a fresh process
    expect((await verify([swapped.id])).firstBreak).toMatchObject({
      seq: 1,
      reason: "the workspace's audit key does not open with this master key (replaced or damaged)",
    });
  });

  it("does not notice a cut tail on its own, but does against an anchor", async () => {
    const t = await sealedTenant(8);
    const anchor = (await currentAnchor(t.id))!;
    expect(anchor).toMatchObject({ tenantId: t.id, seq: 8 });
    await cutFrom(t.id, 6);
    expect((await verify([t.id])).breaks).toEqual([]); // a keyed chain alone cannot see its end removed
    expect((await verify([t.id], [anchor])).firstBreak).toMatchObject({
      seq: 6,
      reason: `the chain ends at seq 5, but the anchor of ${anchor.at} recorded seq 8: events were cut or rolled back`,
    });
  });

  it("catches a rollback that the chain later grew past, at the anchored seq", async () => {
    const t = await sealedTenant(8);
    const anchor = (await currentAnchor(t.id))!;
    await cutFrom(t.id, 5);
    await record(t.id, 6, "credential.copied");
    await sealTenantAudit(t.id);
    expect((await sealsOf(t.id)).length).toBe(10);
    expect((await verify([t.id], [anchor])).firstBreak).toMatchObject({
      seq: 8,
      reason: `seq 8 differs from the anchor of ${anchor.at}: the history was rewritten or rolled back`,
    });
  });

  it("refuses a forged anchor and reports an anchored workspace that is gone", async () => {
    const t = await sealedTenant(3);
    const anchor = (await currentAnchor(t.id))!;
    const forged = { ...anchor, seq: 2, sig: createHmac("sha256", "guess").update(anchorMessage({ ...anchor, seq: 2 })).digest("hex") };
    expect((await verify([t.id], [forged])).firstBreak?.reason).toMatch(/has a bad signature/);
    expect((await verify([t.id], [anchor])).breaks).toEqual([]);

    const gone = { ...anchor, tenantId: randomUUID() };
    const report = await verifyAuditChains(await ownerDb(), { tenantIds: [t.id, gone.tenantId], anchors: [anchor, gone] });
    expect(report.breaks).toEqual([
      { tenantId: gone.tenantId, tenantSlug: "(missing)", seq: 3, reason: `an anchor of ${anchor.at} recorded seq 3, but the workspace no longer exists` },
    ]);
  });

  it("writes anchors of the chains sealed since a time to the anchor file, and reads them back from a log", async () => {
    const t = await sealedTenant(4);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "vaultline-anchors-")), "anchors.jsonl");
    const written = await writeAuditAnchors(new Date(Date.now() - 60_000), file);
    const mine = written.find((a) => a.tenantId === t.id);
    expect(mine).toMatchObject({ seq: 4 });
    const fromFile = parseAnchors(readFileSync(file, "utf8"));
    expect(fromFile).toContainEqual(mine);
    const log = `starting\n2026-12-06T10:00:00Z [audit-anchor] ${formatAnchor(mine!)}\nother line\n`;
    expect(parseAnchors(log)).toEqual([mine]);
    expect(() => parseAnchors(`{"v":1,"tenant":"${t.id}","seq":"x"}`)).toThrow("Anchor line 1 is not a valid audit anchor.");
    expect((await verify([t.id], fromFile.filter((a) => a.tenantId === t.id))).breaks).toEqual([]);
  });
});
