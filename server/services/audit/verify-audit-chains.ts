import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { database, type Database } from "@/db/client";
import { auditEvents, tenants } from "@/db/schema";
import { auditHash, GENESIS_HASH } from "./chain";
import { auditEventColumns } from "./list-audit-events";

/** The first row at which a tenant's chain stops verifying. */
export type ChainBreak = {
  tenantId: string;
  tenantSlug: string;
  /** The seq of the first bad event; for deleted events, the first missing seq. */
  seq: number;
  reason: string;
};

export type AuditChainsReport = {
  tenantsChecked: number;
  eventsChecked: number;
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
};

const TENANT_PAGE = 500;

/**
 * Walks every tenant's audit chain in seq order, recomputing each event's hash and checking seq continuity
 * (from 1, no gaps) and prev_hash linkage (genesis, then the previous event's hash). Stops at the first
 * break per tenant and carries on with the next tenant.
 *
 * An operator command that spans tenants, so it takes the owner handle (default: the process-wide database).
 * Each batch is read in its own short read-only transaction with the tenant set, so the walk also works when
 * the owner is subject to the FORCEd row-level security (a non-superuser owner) instead of silently seeing
 * no rows. A hash chain cannot notice events removed from the end of a chain (or a whole chain removed).
 */
export async function verifyAuditChains(
  db?: Database,
  options: VerifyAuditChainsOptions = {},
): Promise<AuditChainsReport> {
  const handle = db ?? (await database()).db;
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error("batchSize must be a positive integer");

  const report: AuditChainsReport = { tenantsChecked: 0, eventsChecked: 0, firstBreak: null, breaks: [] };
  for await (const tenant of allTenants(handle, options.tenantIds)) {
    report.tenantsChecked++;
    const broken = await verifyTenantChain(handle, tenant, batchSize, (n) => (report.eventsChecked += n));
    if (broken) report.breaks.push(broken);
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

async function verifyTenantChain(
  db: Database,
  tenant: { id: string; slug: string },
  batchSize: number,
  counted: (n: number) => void,
): Promise<ChainBreak | null> {
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  for (;;) {
    const rows = await readBatch(db, tenant.id, expectedSeq - 1, batchSize);
    for (const row of rows) {
      counted(1);
      const fail = (seq: number, reason: string): ChainBreak => ({
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        seq,
        reason,
      });
      if (row.seq !== expectedSeq) {
        // Keyset order makes row.seq > expectedSeq here unless the chain does not start at 1.
        return row.seq > expectedSeq
          ? fail(expectedSeq, `${missingRange(expectedSeq, row.seq)} missing (the chain jumps from ${expectedSeq - 1} to ${row.seq})`)
          : fail(row.seq, `unexpected seq ${row.seq} (expected ${expectedSeq})`);
      }
      if (row.prevHash !== expectedPrev) {
        return fail(
          row.seq,
          row.seq === 1
            ? "prev_hash is not the genesis hash"
            : `prev_hash does not match the hash of event ${row.seq - 1}`,
        );
      }
      if (auditHash({ ...row, tenantId: tenant.id }) !== row.hash) {
        return fail(row.seq, "hash does not match the event's contents");
      }
      expectedSeq = row.seq + 1;
      expectedPrev = row.hash;
    }
    if (rows.length < batchSize) return null;
  }
}

function missingRange(from: number, beforeSeq: number): string {
  return beforeSeq - from === 1 ? `event ${from} is` : `events ${from}–${beforeSeq - 1} are`;
}

/** One page of a tenant's chain after `afterSeq`, in a read-only transaction scoped to the tenant (RLS). */
function readBatch(db: Database, tenantId: string, afterSeq: number, limit: number) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return tx
      .select({
        ...auditEventColumns,
        prevHash: auditEvents.prevHash,
        hash: auditEvents.hash,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenantId), gt(auditEvents.seq, afterSeq)))
      .orderBy(asc(auditEvents.seq))
      .limit(limit);
  });
}

/**
 * The human summary the `audit:verify` command prints: one line per broken tenant naming its slug, the seq
 * and the reason, then a total. `ok` is false when any chain is broken.
 */
export function describeAuditReport(report: AuditChainsReport): { ok: boolean; lines: string[] } {
  const lines = report.breaks.map(
    (b) => `BROKEN tenant ${b.tenantSlug} (${b.tenantId}) at seq ${b.seq}: ${b.reason}`,
  );
  const summary = `${report.tenantsChecked} tenant(s), ${report.eventsChecked} event(s) checked`;
  lines.push(
    report.breaks.length === 0
      ? `OK: ${summary}; every chain verifies.`
      : `FAILED: ${summary}; ${report.breaks.length} broken chain(s).`,
  );
  return { ok: report.breaks.length === 0, lines };
}
