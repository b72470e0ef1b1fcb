import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, contacts, credentials, devices } from "@/db/schema";
import type { TenantScope } from "@/server/scope";
import type { AuditTarget } from "@/lib/audit-actions";
import { auditTargetColumn, targetUuidOf, toAuditTarget } from "./audit-targets";
import type { SealedFields } from "./chain";

/** Which events: by action, by the member who acted, by customer (its own events and its passwords', contacts' and
 * devices'), and by time. `from` is inclusive and `to` exclusive (ISO 8601 with an offset), so consecutive ranges never
 * overlap. */
const auditFilterFields = {
  action: z.string().trim().min(1, "Action must not be empty.").max(100, "Action must be at most 100 characters.").optional(),
  actorUserId: z.uuid({ error: "Member must be a member id." }).optional(),
  customerId: z.uuid({ error: "Customer must be a customer id." }).optional(),
  from: z.iso.datetime({ offset: true, error: "From must be a date and time (ISO 8601)." }).optional(),
  to: z.iso.datetime({ offset: true, error: "To must be a date and time (ISO 8601)." }).optional(),
};

const orderedRange = <T extends { from?: string; to?: string }>(i: T) => !i.from || !i.to || Date.parse(i.from) < Date.parse(i.to);
const rangeError = { message: "From must be earlier than To.", path: ["to"] };

export const auditFiltersInput = z.object(auditFilterFields).refine(orderedRange, rangeError);
export type AuditFilters = z.infer<typeof auditFiltersInput>;

/** Filters and page for the audit log; `cursor` is the `nextCursor` of the previous page. */
export const listAuditEventsInput = z
  .object({
    ...auditFilterFields,
    cursor: z.number({ error: "Cursor is invalid." }).int().positive().optional(),
    limit: z.number().int().min(1, "Limit must be between 1 and 100.").max(100, "Limit must be between 1 and 100.").default(50),
  })
  .refine(orderedRange, rangeError);

export type ListAuditEventsInput = z.input<typeof listAuditEventsInput>;

/** One audit log row as shown to auditors: the chain's seals stay internal; the target comes with its name. */
export type AuditEventItem = SealedFields & { target: AuditTarget | null };

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
 * Events of a customer: the customer itself, its passwords, contacts and devices (by their current customer), and
 * events that recorded the customer in their details (so a purged password's creation still counts).
 */
function ofCustomer(tenantId: string, customerId: string): SQL {
  // The ids as text, as audit targets store them: the index-friendly side of the comparison needs no cast.
  const idsOf = (table: typeof credentials | typeof contacts | typeof devices) =>
    inArray(auditEvents.targetId, sql`(select ${table.id}::text from ${table} where ${table.tenantId} = ${tenantId} and ${table.customerId} = ${customerId})`);
  return or(
    and(eq(auditEvents.targetType, "customer"), eq(auditEvents.targetId, customerId)),
    and(eq(auditEvents.targetType, "credential"), idsOf(credentials)),
    and(eq(auditEvents.targetType, "contact"), idsOf(contacts)),
    and(eq(auditEvents.targetType, "device"), idsOf(devices)),
    sql`${auditEvents.details} ->> 'customerId' = ${customerId}`,
  )!;
}

function filterConditions(tenantId: string, filters: AuditFilters): (SQL | undefined)[] {
  const { action, actorUserId, customerId, from, to } = filters;
  return [
    eq(auditEvents.tenantId, tenantId),
    action ? eq(auditEvents.action, action) : undefined,
    actorUserId ? eq(auditEvents.actorUserId, actorUserId) : undefined,
    customerId ? ofCustomer(tenantId, customerId) : undefined,
    from ? gte(auditEvents.at, new Date(from)) : undefined,
    to ? lt(auditEvents.at, new Date(to)) : undefined,
  ];
}

/**
 * Up to `limit` of the events matching `filters` older than `before` (an event id), newest first, each with its
 * target named: one query, whatever the page size. Scoped to the tenant explicitly, with RLS underneath.
 */
export async function selectAuditEvents(scope: TenantScope, filters: AuditFilters, page: { before?: number; limit: number }): Promise<AuditEventItem[]> {
  const matching = scope.db
    .select({ ...auditEventColumns, tenantId: auditEvents.tenantId, targetUuid: targetUuidOf(auditEvents.targetId) })
    .from(auditEvents)
    .where(and(...filterConditions(scope.tenantId, filters), page.before ? lt(auditEvents.id, page.before) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(page.limit)
    .as("matching");
  const rows = await scope.db
    .select({ ...pick(matching, auditEventKeys), found: auditTargetColumn(matching) })
    .from(matching)
    .orderBy(desc(matching.id));
  return rows.map(({ found, ...event }) => ({ ...event, target: toAuditTarget(event.targetType, event.targetId, found, event.details) }));
}

const auditEventKeys = Object.keys(auditEventColumns) as (keyof typeof auditEventColumns)[];

function pick<T extends object, K extends keyof T>(from: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}

/**
 * A page of the tenant's audit events, newest first, keyset-paginated by id. Parses its input itself so a
 * direct caller cannot skip the limit cap.
 */
export async function listAuditEvents(scope: TenantScope, input: ListAuditEventsInput): Promise<AuditEventPage> {
  const { cursor, limit, ...filters } = listAuditEventsInput.parse(input);
  // One extra row tells whether another page exists without a count query.
  const rows = await selectAuditEvents(scope, filters, { before: cursor, limit: limit + 1 });
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
