import "server-only";
import { z } from "zod";
import { customers } from "@/db/schema";
import type { MemberScope, TenantScope } from "@/server/scope";
import { subjectPermission } from "../sharing/permissions";
import { listEntitiesInput, listPage, zCustomerId, zEntityName, zNotes } from "./entity-list";
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

/** A page of the customers the member may see, searched by name; notes stay on the customer's own page. */
export async function listCustomers(scope: MemberScope, input: z.infer<typeof listCustomersInput>) {
  return listPage(scope, customers, input, [customers.name], [visibleHolders(scope.member, "customer")], (where, order, limit, offset) =>
    scope.db.select(listColumns).from(customers).where(where).orderBy(...order).limit(limit).offset(offset),
  );
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
