import { and, asc, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvents } from "@/db/schema";
import type { TenantScope } from "@/server/scope";
import type { SealedFields } from "./chain";

/**
 * Filters and page for the audit log. `from` is inclusive and `to` exclusive (ISO 8601 with an offset), so
 * consecutive ranges never overlap; `cursor` is the `nextCursor` of the previous page.
 */
export const listAuditEventsInput = z
  .object({
    action: z.string().trim().min(1, "Action must not be empty.").max(100, "Action must be at most 100 characters.").optional(),
    actorUserId: z.uuid({ error: "Actor must be a member id." }).optional(),
    from: z.iso.datetime({ offset: true, error: "From must be a date and time (ISO 8601)." }).optional(),
    to: z.iso.datetime({ offset: true, error: "To must be a date and time (ISO 8601)." }).optional(),
    cursor: z.number({ error: "Cursor is invalid." }).int().positive().optional(),
    limit: z.number().int().min(1, "Limit must be between 1 and 100.").max(100, "Limit must be between 1 and 100.").default(50),
  })
  .refine((i) => !i.from || !i.to || Date.parse(i.from) < Date.parse(i.to), {
    message: "From must be earlier than To.",
    path: ["to"],
  });

export type ListAuditEventsInput = z.input<typeof listAuditEventsInput>;

/** One audit log row as shown to auditors: the chain's seals stay internal. */
export type AuditEventItem = SealedFields;

/** The columns of an audit event that people read, and that its seal covers. */
export const auditEventColumns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actorUserId: auditEvents.actorUserId,
  actorLabel: auditEvents.actorLabel,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  ip: auditEvents.ip,
  userAgent: auditEvents.userAgent,
  details: auditEvents.details,
};

export type AuditEventPage = { items: AuditEventItem[]; nextCursor: number | null };

/**
 * A page of the tenant's audit events, newest first, keyset-paginated by id. Parses its input itself so a
 * direct caller cannot skip the limit cap. Scoped to `tenantId` explicitly, with RLS underneath.
 */
export async function listAuditEvents(scope: TenantScope, input: ListAuditEventsInput): Promise<AuditEventPage> {
  const { db: tx, tenantId } = scope;
  const { action, actorUserId, from, to, cursor, limit } = listAuditEventsInput.parse(input);
  const conditions: (SQL | undefined)[] = [
    eq(auditEvents.tenantId, tenantId),
    action ? eq(auditEvents.action, action) : undefined,
    actorUserId ? eq(auditEvents.actorUserId, actorUserId) : undefined,
    from ? gte(auditEvents.at, new Date(from)) : undefined,
    to ? lt(auditEvents.at, new Date(to)) : undefined,
    cursor ? lt(auditEvents.id, cursor) : undefined,
  ];
  // One extra row tells whether another page exists without a count query.
  const rows = await tx
    .select(auditEventColumns)
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** The distinct actions in the tenant's audit log, sorted, for the filter dropdown. */
export async function listAuditActions(scope: TenantScope): Promise<string[]> {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.tenantId, tenantId))
    .orderBy(asc(auditEvents.action));
  return rows.map((r) => r.action);
}
