import { and, asc, desc, eq, notExists, sql } from "drizzle-orm";
import { resultRows, withGlobal } from "@/db/client";
import { auditEvents, auditSeals } from "@/db/schema";
import { tenantAuditMac } from "@/server/crypto";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { chainMessage, GENESIS_MAC } from "./chain";
import { auditEventColumns } from "./list-audit-events";

export type SealRound = { sealed: number; headSeq: number; busy: boolean };

/** Who seals and anchors the chain: it records no events of its own. */
export const AUDIT_CHAIN = { userId: null, label: "audit chain" };

/** The tenant's last seal: where the chain continues and from which transaction on events may still be unsealed. */
export async function chainHead(scope: TenantScope) {
  const [head] = await scope.db
    .select({ seq: auditSeals.seq, mac: auditSeals.mac, horizon: auditSeals.horizon })
    .from(auditSeals)
    .where(eq(auditSeals.tenantId, scope.tenantId))
    .orderBy(desc(auditSeals.seq))
    .limit(1);
  return head ?? null;
}

/**
 * Chains the tenant's committed, unsealed audit events (up to `batchSize`, oldest id first) onto its keyed chain, in
 * one transaction: a crash seals all of them or none, and the next round picks them up. Only sealers take the
 * tenant's sealing lock; one that finds it held returns `busy` (the holder, or the next round, seals).
 *
 * Which events to look at: every transaction older than the snapshot's xmin has finished, so once a round has
 * sealed everything it saw, events of transactions below that xmin can no longer appear. That xmin is stored as the
 * seal's horizon, and the next round scans only events of transactions at or above it.
 */
export async function sealAuditChain(tenantId: string, options: { batchSize?: number } = {}): Promise<SealRound> {
  const batchSize = options.batchSize ?? 1000;
  return withTenantScope(tenantId, AUDIT_CHAIN, async (scope) => {
    const tx = scope.db;
    const lock = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtextextended(${tenantId}::text, 8)) as locked`);
    if (!resultRows<{ locked: boolean }>(lock)[0]?.locked) return { sealed: 0, headSeq: 0, busy: true };
    const head = await chainHead(scope);
    const since = head?.horizon ?? "0";
    // One statement, one snapshot: the candidates and the xmin that makes the next horizon agree.
    const candidates = await tx
      .select({ ...auditEventColumns, xmin: sql<string>`pg_snapshot_xmin(pg_current_snapshot())::text` })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.tenantId, tenantId),
          sql`${auditEvents.xactId} >= ${since}::xid8`,
          notExists(
            tx
              .select({ one: sql`1` })
              .from(auditSeals)
              .where(and(eq(auditSeals.tenantId, auditEvents.tenantId), eq(auditSeals.eventId, auditEvents.id))),
          ),
        ),
      )
      .orderBy(asc(auditEvents.id))
      .limit(batchSize + 1);
    const batch = candidates.slice(0, batchSize);
    if (batch.length === 0) return { sealed: 0, headSeq: head?.seq ?? 0, busy: false };
    // A cut batch leaves older candidates behind: keep the old horizon until a round sees everything.
    const horizon = candidates.length > batchSize ? since : batch[0]!.xmin;
    const mac = (await tenantAuditMac(tx, tenantId, { create: true }))!;
    let seq = head?.seq ?? 0;
    let prevMac = head?.mac ?? GENESIS_MAC;
    const seals = batch.map((event) => {
      seq += 1;
      prevMac = mac(chainMessage(tenantId, seq, event, prevMac));
      return { tenantId, seq, eventId: event.id, mac: prevMac, horizon };
    });
    await tx.insert(auditSeals).values(seals);
    return { sealed: seals.length, headSeq: seq, busy: false };
  });
}

/** Seals until nothing is left (or another sealer holds the tenant); returns how many events it sealed. */
export async function sealTenantAudit(tenantId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const round = await sealAuditChain(tenantId);
    total += round.sealed;
    if (round.busy || round.sealed === 0) return total;
  }
}

/** Tenants whose chain has events to seal: the sealing job's only cross-tenant question (ids only). */
export async function tenantsWithUnsealedAudit(): Promise<string[]> {
  const result = await withGlobal((tx) => tx.execute<{ id: string }>(sql`select vaultline_tenants_with_unsealed_audit() as id`));
  return resultRows<{ id: string }>(result).map((r) => r.id);
}
