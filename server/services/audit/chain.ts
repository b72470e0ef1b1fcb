import { createHash } from "node:crypto";
import type { AuditDetails } from "@/db/schema";

/** The hash before a tenant's first event. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  tenantId: string;
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: AuditDetails;
  prevHash: string;
};

function canonicalDetails(details: AuditDetails): [string, unknown][] {
  return Object.keys(details)
    .sort()
    .map((k) => [k, details[k]]);
}

/** SHA-256 over a canonical encoding (a JSON array in fixed order, detail keys sorted) of every stored field. */
export function auditHash(e: ChainedFields): string {
  const canonical = JSON.stringify([
    e.tenantId,
    e.seq,
    e.at.toISOString(),
    e.actorUserId,
    e.actorLabel,
    e.action,
    e.targetType,
    e.targetId,
    e.ip,
    e.userAgent,
    canonicalDetails(e.details),
    e.prevHash,
  ]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
