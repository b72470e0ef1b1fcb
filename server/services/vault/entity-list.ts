import "server-only";
import { and, asc, count, desc, eq, ilike, isNull, or, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { contacts, customers, devices, type AuditDetails } from "@/db/schema";
import { badInput } from "@/server/errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { visibleHoldersCondition, type Viewer } from "../sharing/permissions";

/*
 * What customers, contacts and devices share: field rules, the list query (search, sort, offset pages with one
 * count query), archiving, and the customer a contact or device is filed under.
 */

const text = (field: string, max: number) =>
  z.string({ error: `${field} must be text.` }).trim().max(max, `${field} must be at most ${max.toLocaleString("en-US")} characters.`);

export const zEntityName = text("Name", 200).min(1, "Name is required.");
export const zNotes = text("Notes", 10_000);
export const zPhone = text("Phone", 50);
export const zHostname = text("Hostname", 255);
export const zContactEmail = text("Email", 254)
  .toLowerCase()
  .refine((v) => v === "" || z.email().safeParse(v).success, "Email must be a valid address, like name@example.com, or empty.");
export const zIpAddress = text("IP address", 45).refine(
  (v) => v === "" || z.ipv4().safeParse(v).success || z.ipv6().safeParse(v).success,
  "IP address must be a valid IPv4 or IPv6 address, like 192.0.2.10 or 2001:db8::1, or empty.",
);
export const zCustomerId = z.uuid({ error: "Customer id is invalid." });

export const listEntitiesInput = z.object({
  search: text("Search", 200).optional(),
  sort: z.enum(["name", "updated"], { error: "Sort must be name or updated." }).default("name"),
  direction: z.enum(["asc", "desc"], { error: "Direction must be asc or desc." }).default("asc"),
  page: z.number({ error: "Page must be a number." }).int("Page must be a whole number.").min(1, "Page must be at least 1.").default(1),
  pageSize: z
    .number({ error: "Page size must be a number." })
    .int("Page size must be a whole number.")
    .min(1, "Page size must be at least 1.")
    .max(100, "Page size must be at most 100.")
    .default(25),
  includeArchived: z.boolean({ error: "Include archived must be true or false." }).default(false),
});
export type ListEntitiesInput = z.infer<typeof listEntitiesInput>;

/** The columns every entity table has. */
export type EntityTable = PgTable & {
  tenantId: PgColumn;
  id: PgColumn;
  name: PgColumn;
  updatedAt: PgColumn;
  archivedAt: PgColumn;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** `%term%` for ILIKE, with the pattern characters of the term itself matched literally. */
function containsPattern(term: string) {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of an entity list: the tenant's rows (not archived unless asked), matching the search in any of
 * `searchColumns` case-insensitively, narrowed by `filters`, sorted with the id as tie-breaker so pages never
 * overlap. The total comes from a single count over the same conditions.
 */
export async function listPage<T>(
  tx: Tx,
  table: EntityTable,
  tenantId: string,
  input: ListEntitiesInput,
  searchColumns: PgColumn[],
  filters: (SQL | undefined)[],
  select: (where: SQL | undefined, order: SQL[], limit: number, offset: number) => Promise<T[]>,
): Promise<Page<T>> {
  const search = input.search ? containsPattern(input.search) : null;
  const where = and(
    eq(table.tenantId, tenantId),
    input.includeArchived ? undefined : isNull(table.archivedAt),
    search ? or(...searchColumns.map((c) => ilike(c, search))) : undefined,
    ...filters,
  );
  const direction = input.direction === "desc" ? desc : asc;
  const order = [direction(input.sort === "updated" ? table.updatedAt : table.name), direction(table.id)];
  const offset = (input.page - 1) * input.pageSize;
  const [items, [counted]] = await Promise.all([
    select(where, order, input.pageSize, offset),
    tx.select({ n: count() }).from(table).where(where),
  ]);
  return { items, total: counted?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

// Names follow passwords: a restricted technician sees a customer, contact or device only when it holds a password
// they can see, or when it is (or belongs to) a customer shared with them whole. Everyone else sees them all.
export const visibleCustomers = (viewer: Viewer) =>
  visibleHoldersCondition(viewer, "customer", { tenantId: customers.tenantId, id: customers.id, customerId: customers.id });
export const visibleContacts = (viewer: Viewer) =>
  visibleHoldersCondition(viewer, "contact", { tenantId: contacts.tenantId, id: contacts.id, customerId: contacts.customerId });
export const visibleDevices = (viewer: Viewer) =>
  visibleHoldersCondition(viewer, "device", { tenantId: devices.tenantId, id: devices.id, customerId: devices.customerId });

/**
 * The customer a contact or device is (to be) filed under, with its name for the back-link. An unknown id, another
 * tenant's customer, one hidden from the viewer and an archived one are bad input on `customerId`, so nothing is
 * written.
 */
export async function customerRef(tx: Tx, tenantId: string, viewer: Viewer, customerId: string) {
  const [row] = await tx
    .select({ id: customers.id, name: customers.name, archivedAt: customers.archivedAt })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId), visibleCustomers(viewer)));
  if (!row) throw badInput("customerId", "Customer was not found in this workspace.");
  if (row.archivedAt) throw badInput("customerId", `${row.name} is archived. Restore it first.`);
  return { id: row.id, name: row.name };
}

type EntityKind = "customer" | "contact" | "device";
type EntityRow = { id: string; name: string; archivedAt: Date | null };

/** Audits a created entity: its name and the ids it was filed under, never free text such as notes. */
export async function recordCreated(tx: Tx, tenantId: string, audit: AuditActor, kind: EntityKind, row: EntityRow, details: AuditDetails = {}) {
  await recordAuditEvent(tx, tenantId, audit, { action: `${kind}.created`, target: { type: kind, id: row.id }, details: { name: row.name, ...details } });
}

/**
 * Applies the fields of `patch` that differ from `current` and audits `<kind>.updated` with the changed field
 * names (never their values: notes may hold anything). A patch that changes nothing writes nothing.
 */
export async function applyUpdate<Row extends EntityRow>(
  tx: Tx,
  tenantId: string,
  audit: AuditActor,
  kind: EntityKind,
  current: Row,
  patch: Partial<Row>,
  write: (changes: Partial<Row>) => Promise<Row>,
): Promise<Row> {
  // Only the row's own columns: the procedure's input also carries the tenant slug, which is no field.
  const changed = (Object.keys(patch) as (keyof Row & string)[]).filter(
    (k) => k in current && patch[k] !== undefined && patch[k] !== current[k],
  );
  if (changed.length === 0) return current;
  const updated = await write(Object.fromEntries(changed.map((k) => [k, patch[k]])) as Partial<Row>);
  await recordAuditEvent(tx, tenantId, audit, {
    action: `${kind}.updated`,
    target: { type: kind, id: current.id },
    details: { name: updated.name, changed },
  });
  return updated;
}

/**
 * Archives (hides from lists) or restores an entity the caller has loaded, audited as `<kind>.archived` /
 * `<kind>.restored`. Archiving an archived entity (or restoring a live one) changes nothing and records nothing.
 */
export async function setArchived(
  tx: Tx,
  tenantId: string,
  audit: AuditActor,
  kind: EntityKind,
  row: EntityRow,
  archived: boolean,
  write: (archivedAt: Date | null) => Promise<unknown>,
): Promise<void> {
  if ((row.archivedAt !== null) === archived) return;
  await write(archived ? new Date() : null);
  await recordAuditEvent(tx, tenantId, audit, {
    action: `${kind}.${archived ? "archived" : "restored"}`,
    target: { type: kind, id: row.id },
    details: { name: row.name },
  });
}
