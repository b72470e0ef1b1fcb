import "server-only";
import { z } from "zod";
import { and, count, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { contacts, credentials, customers, devices } from "@/db/schema";
import type { MemberScope, TenantScope } from "@/server/scope";
import { subjectPermission, visibleCredentialsCondition } from "../sharing/permissions";
import { listEntitiesInput, listPage, zCustomerId, zEntityName, zNotes, type AfterRow } from "./entity-list";
import { loadHolder, recordCreated, visibleHolders } from "./holders";

export const listCustomersInput = listEntitiesInput;
export const customerIdInput = z.object({ customerId: zCustomerId });
export const createCustomerInput = z.object({ name: zEntityName, notes: zNotes.default("") });
export const updateCustomerInput = z.object({ customerId: zCustomerId, name: zEntityName.optional(), notes: zNotes.optional() });

const listColumns = {
  id: customers.id,
  name: customers.name,
  archivedAt: customers.archivedAt,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

/**
 * A page of the customers the member may see, searched by name, each with how many passwords, contacts and devices
 * of it the member may see (archived contacts and devices left out, as their lists do); notes stay on its own page.
 */
export async function listCustomers(scope: MemberScope, input: z.infer<typeof listCustomersInput> & AfterRow) {
  const filters = [visibleHolders(scope.member, "customer")];
  const page = await listPage(scope, customers, input, [customers.name], filters, (where, order, limit, offset) =>
    scope.db.select(listColumns).from(customers).where(where).orderBy(...order).limit(limit).offset(offset),
  );
  const holdings = await holdingsOf(scope, page.items.map((c) => c.id));
  return { ...page, items: page.items.map((c) => ({ ...c, ...(holdings.get(c.id) ?? NO_HOLDINGS) })) };
}

const NO_HOLDINGS = { passwords: 0, contacts: 0, devices: 0 };

/** What each of these customers holds, counted per customer in one statement (its three counts use their indexes). */
async function holdingsOf(scope: MemberScope, customerIds: string[]) {
  if (customerIds.length === 0) return new Map<string, typeof NO_HOLDINGS>();
  const { db, tenantId, member } = scope;
  const countOf = (table: typeof credentials | typeof contacts | typeof devices, ...conditions: (SQL | undefined)[]) =>
    sql<number>`(${db.select({ n: count() }).from(table).where(and(eq(table.tenantId, customers.tenantId), eq(table.customerId, customers.id), ...conditions))})::int`;
  const rows = await db
    .select({
      id: customers.id,
      passwords: countOf(credentials, isNull(credentials.deletedAt), visibleCredentialsCondition(member)),
      contacts: countOf(contacts, isNull(contacts.archivedAt), visibleHolders(member, "contact")),
      devices: countOf(devices, isNull(devices.archivedAt), visibleHolders(member, "device")),
    })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, customerIds)));
  return new Map(rows.map(({ id, ...held }) => [id, held]));
}

/** One customer with the member's permission on everything of it (role and customer shares), for its page. */
export async function customerForMember(scope: MemberScope, customerId: string) {
  const row = await loadHolder(scope, "customer", customerId);
  const permission = await subjectPermission(scope, { customerId });
  return { ...row, myLevel: permission.level };
}

/** Creates a customer, audited as customer.created. */
export async function createCustomer(scope: TenantScope, input: z.infer<typeof createCustomerInput>) {
  const [row] = await scope.db.insert(customers).values({ tenantId: scope.tenantId, name: input.name, notes: input.notes }).returning();
  await recordCreated(scope, "customer", row!);
  return row!;
}
