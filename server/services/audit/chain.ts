import type { AuditDetails } from "@/db/schema";

/** The MAC before a tenant's first sealed event. */
export const GENESIS_MAC = "0".repeat(64);

/** What a seal covers: every stored field of the event. */
export type SealedFields = {
  id: number;
  at: Date;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: AuditDetails;
};

function canonicalDetails(details: AuditDetails): [string, unknown][] {
  return Object.keys(details)
    .sort()
    .map((k) => [k, details[k]]);
}

/**
 * The bytes a seal's MAC is computed over: a label, the tenant, the chain position, every field of the event (a JSON
 * array in fixed order, detail keys sorted) and the previous MAC, so an event cannot be changed, moved to another
 * position or tenant, or dropped without the MACs after it failing.
 */
export function chainMessage(tenantId: string, seq: number, event: SealedFields, prevMac: string): string {
  return JSON.stringify([
    "vaultline-audit-chain-v1",
    tenantId,
    seq,
    event.id,
    event.at.toISOString(),
    event.actorUserId,
    event.actorLabel,
    event.action,
    event.targetType,
    event.targetId,
    event.ip,
    event.userAgent,
    canonicalDetails(event.details),
    prevMac,
  ]);
}

/** The bytes an anchor line's signature covers. */
export function anchorMessage(anchor: { tenantId: string; seq: number; mac: string; at: string }): string {
  return JSON.stringify(["vaultline-audit-anchor-v1", anchor.tenantId, anchor.seq, anchor.mac, anchor.at]);
}
