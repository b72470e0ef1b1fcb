import { and, asc, eq, gt, inArray, isNull, min, count, sql } from "drizzle-orm";
import { database, type Database, type Tx } from "@/db/client";
import { auditEvents, auditSeals, tenants } from "@/db/schema";
import { DecryptionError, tenantAuditMac, type AuditMac } from "@/server/crypto";
import type { AuditAnchor } from "./anchors";
import { anchorMessage, chainMessage, GENESIS_MAC } from "./chain";
import { auditEventColumns } from "./list-audit-events";

/** The first place at which a tenant's chain stops verifying. */
export type ChainBreak = {
  tenantId: string;
  tenantSlug: string;
  /** The chain position of the first bad seal; for missing seals, the first missing position. */
  seq: number;
  reason: string;
};

export type AuditChainsReport = {
  tenantsChecked: number;
  /** Sealed events whose MAC was recomputed. */
  eventsChecked: number;
  /** Events written but not chained yet (the sealer runs every minute): not a break. */
  pendingEvents: number;
  oldestPendingAt: Date | null;
  /** Anchors whose tenant and position were checked against the chain. */
  anchorsChecked: number;
  /** The first break found (tenants in id order), or null when every chain verifies. */
  firstBreak: ChainBreak | null;
  /** Every broken tenant, each with its first break only. */
  breaks: ChainBreak[];
};

export type VerifyAuditChainsOptions = {
  /** Limit the walk to these tenants (default: all). */
  tenantIds?: readonly string[];
  /** Rows read per query; chains are streamed, never loaded whole. */
  batchSize?: number;
  /** Anchors written out earlier (anchors.ts): a chain that ends below one, or differs at one, is broken. */
  anchors?: readonly AuditAnchor[];
};

const TENANT_PAGE = 500;

/**
 * Walks every tenant's sealed chain in order, recomputing each MAC under the tenant's audit key and checking that
 * positions run from 1 without gaps and that every sealed event is still there; then checks the chain against the
 * anchors: each anchored position must still carry its MAC, and the chain must reach the highest one. Unsealed
 * events are counted as pending, not broken. Stops at the first break per tenant and carries on with the next.
 *
 * An operator command that spans tenants, so it takes the owner handle (default: the process-wide database). Each
 * batch is read in its own short read-only transaction with the tenant set, so the walk also works when the owner
 * is subject to the FORCEd row-level security.
 */
export async function verifyAuditChains(db?: Database, options: VerifyAuditChainsOptions = {}): Promise<AuditChainsReport> {
  const handle = db ?? (await database()).db;
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error("batchSize must be a positive integer");
  const only = options.tenantIds ? new Set(options.tenantIds) : null;
  const anchors = (options.anchors ?? []).filter((a) => !only || only.has(a.tenantId));

  const report: AuditChainsReport = {
    tenantsChecked: 0,
    eventsChecked: 0,
    pendingEvents: 0,
    oldestPendingAt: null,
    anchorsChecked: 0,
    firstBreak: null,
    breaks: [],
  };
  const seen = new Set<string>();
  for await (const tenant of allTenants(handle, options.tenantIds)) {
    seen.add(tenant.id);
    report.tenantsChecked++;
    const broken = await verifyTenant(handle, tenant, batchSize, anchors.filter((a) => a.tenantId === tenant.id), report);
    if (broken) report.breaks.push(broken);
  }
  // An anchored tenant that is gone was deleted or rolled back out of existence.
  for (const anchor of anchors) {
    if (seen.has(anchor.tenantId) || report.breaks.some((b) => b.tenantId === anchor.tenantId)) continue;
    report.breaks.push({
      tenantId: anchor.tenantId,
      tenantSlug: "(missing)",
      seq: anchor.seq,
      reason: `an anchor of ${anchor.at} recorded seq ${anchor.seq}, but the workspace no longer exists`,
    });
  }
  report.firstBreak = report.breaks[0] ?? null;
  return report;
}

/** The tenant directory in id order, a page at a time. */
async function* allTenants(db: Database, only: readonly string[] | undefined) {
  if (only && only.length === 0) return;
  let after: string | undefined;
  for (;;) {
    const page = await db
      .select({ id: tenants.id, slug: tenants.slug })
      .from(tenants)
      .where(and(after ? gt(tenants.id, after) : undefined, only ? inArray(tenants.id, [...only]) : undefined))
      .orderBy(asc(tenants.id))
      .limit(TENANT_PAGE);
    yield* page;
    if (page.length < TENANT_PAGE) return;
    after = page[page.length - 1]!.id;
  }
}

/** A short read-only transaction that sees one tenant's rows (RLS), as the owner. */
function readTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx as Tx);
  });
}

async function verifyTenant(
  db: Database,
  tenant: { id: string; slug: string },
  batchSize: number,
  anchors: AuditAnchor[],
  report: AuditChainsReport,
): Promise<ChainBreak | null> {
  const fail = (seq: number, reason: string): ChainBreak => ({ tenantId: tenant.id, tenantSlug: tenant.slug, seq, reason });
  let mac: AuditMac | null;
  try {
    mac = await readTenant(db, tenant.id, (tx) => tenantAuditMac(tx, tenant.id, { create: false }));
  } catch (error) {
    if (error instanceof DecryptionError) return fail(1, "the workspace's audit key does not open with this master key (replaced or damaged)");
    throw error;
  }

  const expectedAt = new Map<number, AuditAnchor>();
  for (const anchor of anchors) {
    if (!mac || mac(anchorMessage(anchor)) !== anchor.sig) {
      return fail(anchor.seq, `the anchor of ${anchor.at} for seq ${anchor.seq} has a bad signature (forged, or not this workspace's)`);
    }
    expectedAt.set(anchor.seq, anchor);
  }

  let headSeq = 0;
  let prevMac = GENESIS_MAC;
  for (;;) {
    const rows = await readTenant(db, tenant.id, (tx) => readSeals(tx, tenant.id, headSeq, batchSize));
    if (rows.length > 0 && !mac) return fail(rows[0]!.seq, "events are sealed but the workspace's audit key is missing");
    for (const row of rows) {
      const expectedSeq = headSeq + 1;
      if (row.seq !== expectedSeq) {
        return fail(expectedSeq, `${missingRange(expectedSeq, row.seq)} missing (the chain jumps from ${headSeq} to ${row.seq})`);
      }
      if (!row.event) return fail(row.seq, `the sealed event ${row.eventId} was deleted`);
      report.eventsChecked++;
      const expected = (mac as AuditMac)(chainMessage(tenant.id, row.seq, row.event, prevMac));
      if (expected !== row.mac) {
        return fail(row.seq, row.seq === 1 ? "the MAC does not match the event (changed, or the seal was rewritten)" : `the MAC does not match the event or the chain up to seq ${row.seq - 1}`);
      }
      const anchor = expectedAt.get(row.seq);
      if (anchor && anchor.mac !== row.mac) {
        return fail(row.seq, `seq ${row.seq} differs from the anchor of ${anchor.at}: the history was rewritten or rolled back`);
      }
      headSeq = row.seq;
      prevMac = row.mac;
    }
    if (rows.length < batchSize) break;
  }

  const highest = anchors.reduce<AuditAnchor | null>((top, a) => (!top || a.seq > top.seq ? a : top), null);
  report.anchorsChecked += anchors.length;
  if (highest && highest.seq > headSeq) {
    return fail(headSeq + 1, `the chain ends at seq ${headSeq}, but the anchor of ${highest.at} recorded seq ${highest.seq}: events were cut or rolled back`);
  }

  const pending = await readTenant(db, tenant.id, (tx) => pendingEvents(tx, tenant.id));
  report.pendingEvents += pending.count;
  if (pending.oldest && (!report.oldestPendingAt || pending.oldest < report.oldestPendingAt)) report.oldestPendingAt = pending.oldest;
  return null;
}

function missingRange(from: number, beforeSeq: number): string {
  return beforeSeq - from === 1 ? `seal ${from} is` : `seals ${from}–${beforeSeq - 1} are`;
}

/** One page of the chain after `afterSeq`, each seal with its event (null fields when the event is gone). */
async function readSeals(tx: Tx, tenantId: string, afterSeq: number, limit: number) {
  return tx
    .select({ seq: auditSeals.seq, eventId: auditSeals.eventId, mac: auditSeals.mac, event: auditEventColumns })
    .from(auditSeals)
    .leftJoin(auditEvents, and(eq(auditEvents.tenantId, auditSeals.tenantId), eq(auditEvents.id, auditSeals.eventId)))
    .where(and(eq(auditSeals.tenantId, tenantId), gt(auditSeals.seq, afterSeq)))
    .orderBy(asc(auditSeals.seq))
    .limit(limit);
}

async function pendingEvents(tx: Tx, tenantId: string) {
  const [row] = await tx
    .select({ count: count(), oldest: min(auditEvents.at) })
    .from(auditEvents)
    .leftJoin(auditSeals, and(eq(auditSeals.tenantId, auditEvents.tenantId), eq(auditSeals.eventId, auditEvents.id)))
    .where(and(eq(auditEvents.tenantId, tenantId), isNull(auditSeals.seq)));
  return { count: Number(row?.count ?? 0), oldest: row?.oldest ?? null };
}

/**
 * The human summary the `audit:verify` command prints: one line per broken tenant naming its slug, the seq and the
 * reason, the pending events, then a total. `ok` is false when any chain is broken.
 */
export function describeAuditReport(report: AuditChainsReport): { ok: boolean; lines: string[] } {
  const lines = report.breaks.map((b) => `BROKEN tenant ${b.tenantSlug} (${b.tenantId}) at seq ${b.seq}: ${b.reason}`);
  if (report.pendingEvents > 0) {
    lines.push(`PENDING: ${report.pendingEvents} event(s) not sealed yet (oldest ${report.oldestPendingAt?.toISOString()}); the sealer chains them within a minute.`);
  }
  const anchors = report.anchorsChecked > 0 ? `, ${report.anchorsChecked} anchor(s)` : "";
  const summary = `${report.tenantsChecked} tenant(s), ${report.eventsChecked} sealed event(s)${anchors} checked`;
  lines.push(
    report.breaks.length === 0
      ? `OK: ${summary}; every chain verifies.`
      : `FAILED: ${summary}; ${report.breaks.length} broken chain(s).`,
  );
  return { ok: report.breaks.length === 0, lines };
}
