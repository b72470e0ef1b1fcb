import "server-only";
import { and, eq, type SQL } from "drizzle-orm";
import { contacts, customers, devices, type AuditDetails } from "@/db/schema";
import { badInput, notFound } from "@/server/errors";
import type { Member, MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { visibleHoldersCondition } from "../sharing/permissions";
import type { EntityTable } from "./entity-list";

/*
 * Customers, contacts and devices hold passwords ("holders"). One typed module loads, files, edits and archives all
 * three, so that who may see which, the NOT_FOUND for a hidden one and the audit events are written once.
 */
const HOLDERS = {
  customer: { table: customers, customerId: customers.id, noun: "Customer" },
  contact: { table: contacts, customerId: contacts.customerId, noun: "Contact" },
  device: { table: devices, customerId: devices.customerId, noun: "Device" },
} as const;

export type HolderKind = keyof typeof HOLDERS;
/** A contact or a device: filed under a customer. */
export type FiledKind = Exclude<HolderKind, "customer">;
export type HolderRow<K extends HolderKind> = (typeof HOLDERS)[K]["table"]["$inferSelect"];
type HolderInsert<K extends FiledKind> = Omit<(typeof HOLDERS)[K]["table"]["$inferInsert"], "tenantId">;

// Drizzle cannot type a query over a table chosen at run time: queries go through the columns every holder table has,
// and the row is typed back from the kind.
const tableOf = (kind: HolderKind): EntityTable => HOLDERS[kind].table;

/**
 * Names follow passwords: a restricted technician sees a customer, contact or device only when it holds a password
 * they can see, or when it is (or belongs to) a customer shared with them whole. Everyone else sees them all.
 */
export function visibleHolders(member: Member, kind: HolderKind): SQL | undefined {
  const { table, customerId } = HOLDERS[kind];
  return visibleHoldersCondition(member, kind, { tenantId: table.tenantId, id: table.id, customerId });
}

const holderWhere = (scope: MemberScope, kind: HolderKind, id: string) => {
  const table = tableOf(kind);
  return and(eq(table.tenantId, scope.tenantId), eq(table.id, id), visibleHolders(scope.member, kind));
};

/** The holder if the member may see it; null for an unknown id, another tenant's and a hidden one alike. */
export async function findHolder<K extends HolderKind>(scope: MemberScope, kind: K, id: string): Promise<HolderRow<K> | null> {
  const [row] = await scope.db.select().from(tableOf(kind)).where(holderWhere(scope, kind, id));
  return (row as HolderRow<K> | undefined) ?? null;
}

/** The holder if the member may see it; NOT_FOUND for an unknown id, another tenant's and a hidden one alike. */
export async function loadHolder<K extends HolderKind>(scope: MemberScope, kind: K, id: string): Promise<HolderRow<K>> {
  const row = await findHolder(scope, kind, id);
  if (!row) throw notFound(HOLDERS[kind].noun);
  return row;
}

/** A contact or device with its customer's id and name (the back-link); NOT_FOUND as for loadHolder. */
export async function filedHolder<K extends FiledKind>(scope: MemberScope, kind: K, id: string) {
  const table = tableOf(kind);
  const [found] = await scope.db
    .select({ row: table, customerName: customers.name })
    .from(table)
    .innerJoin(customers, and(eq(customers.tenantId, table.tenantId), eq(customers.id, HOLDERS[kind].customerId)))
    .where(holderWhere(scope, kind, id));
  if (!found) throw notFound(HOLDERS[kind].noun);
  const row = found.row as HolderRow<K>;
  return { ...row, customer: { id: row.customerId, name: found.customerName } };
}

/**
 * The customer a contact or device is (to be) filed under, with its name for the back-link. An unknown id, another
 * tenant's customer, one hidden from the member and an archived one are bad input on `customerId`, so nothing is
 * written.
 */
export async function customerRef(scope: MemberScope, customerId: string) {
  const row = await findHolder(scope, "customer", customerId);
  if (!row) throw badInput("customerId", "Customer was not found in this workspace.");
  if (row.archivedAt) throw badInput("customerId", `${row.name} is archived. Restore it first.`);
  return { id: row.id, name: row.name };
}

type Named = { id: string; name: string };

/** Audits a created holder: its name and the ids it was filed under, never free text such as notes. */
export async function recordCreated(scope: TenantScope, kind: HolderKind, row: Named, details: AuditDetails = {}) {
  await audit(scope, { action: `${kind}.created`, target: { type: kind, id: row.id }, details: { name: row.name, ...details } });
}

/** Files a new contact or device under one of the tenant's live customers, audited as `<kind>.created`. */
export async function fileHolder<K extends FiledKind>(scope: MemberScope, kind: K, values: HolderInsert<K>, details: AuditDetails = {}) {
  const customer = await customerRef(scope, values.customerId);
  const [row] = await scope.db
    .insert(tableOf(kind))
    .values({ ...values, tenantId: scope.tenantId, customerId: customer.id })
    .returning();
  const created = row as HolderRow<K>;
  await recordCreated(scope, kind, created, { customerId: customer.id, ...details });
  return created;
}

/**
 * Applies the fields of `patch` that differ from the holder's and audits `<kind>.updated` with the changed field
 * names (never their values: notes may hold anything). A patch that changes nothing writes nothing.
 */
export async function updateHolder<K extends HolderKind>(scope: MemberScope, kind: K, id: string, patch: Partial<HolderRow<K>>) {
  const current = await loadHolder(scope, kind, id);
  // Only the row's own columns: the procedure's input also carries the tenant slug, which is no field.
  const changed = (Object.keys(patch) as (keyof HolderRow<K> & string)[]).filter(
    (k) => k in current && patch[k] !== undefined && patch[k] !== current[k],
  );
  if (changed.length === 0) return current;
  const table = tableOf(kind);
  const [row] = await scope.db
    .update(table)
    .set(Object.fromEntries(changed.map((k) => [k, patch[k]])))
    .where(and(eq(table.tenantId, scope.tenantId), eq(table.id, id)))
    .returning();
  const updated = row as HolderRow<K>;
  await audit(scope, { action: `${kind}.updated`, target: { type: kind, id }, details: { name: updated.name, changed } });
  return updated;
}

/**
 * Archives (hides from lists) or restores a holder, audited as `<kind>.archived` / `<kind>.restored`; its passwords
 * stay where they are. Archiving an archived holder (or restoring a live one) changes nothing and records nothing.
 */
export async function setHolderArchived(scope: MemberScope, kind: HolderKind, id: string, archived: boolean): Promise<void> {
  const row = await loadHolder(scope, kind, id);
  if ((row.archivedAt !== null) === archived) return;
  const table = tableOf(kind);
  await scope.db
    .update(table)
    .set({ archivedAt: archived ? new Date() : null })
    .where(and(eq(table.tenantId, scope.tenantId), eq(table.id, id)));
  await audit(scope, { action: `${kind}.${archived ? "archived" : "restored"}`, target: { type: kind, id }, details: { name: row.name } });
}
