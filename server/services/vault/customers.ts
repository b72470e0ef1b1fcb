import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { customers } from "@/db/schema";
import { notFound } from "@/server/errors";
import { subjectPermission, type Viewer } from "../sharing/permissions";
import type { AuditActor } from "../audit/record-audit-event";
import {
  applyUpdate,
  listEntitiesInput,
  listPage,
  recordCreated,
  setArchived,
  visibleCustomers,
  zCustomerId,
  zEntityName,
  zNotes,
} from "./entity-list";

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

/** A page of the customers the viewer may see, searched by name; notes stay on the customer's own page. */
export async function listCustomers(tx: Tx, tenantId: string, viewer: Viewer, input: z.infer<typeof listCustomersInput>) {
  return listPage(tx, customers, tenantId, input, [customers.name], [visibleCustomers(viewer)], (where, order, limit, offset) =>
    tx.select(listColumns).from(customers).where(where).orderBy(...order).limit(limit).offset(offset),
  );
}

/** One customer the viewer may see; NOT_FOUND for an unknown id, another tenant's and a hidden one alike. */
export async function getCustomer(tx: Tx, tenantId: string, viewer: Viewer, customerId: string) {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId), visibleCustomers(viewer)));
  if (!row) throw notFound("Customer");
  return row;
}

/** One customer with the viewer's permission on everything of it (role and customer shares), for its page. */
export async function customerForViewer(tx: Tx, tenantId: string, viewer: Viewer, customerId: string) {
  const row = await getCustomer(tx, tenantId, viewer, customerId);
  const permission = await subjectPermission(tx, tenantId, viewer, { customerId });
  return { ...row, myLevel: permission.level };
}

/** Creates a customer, audited as customer.created. */
export async function createCustomer(tx: Tx, tenantId: string, audit: AuditActor, input: z.infer<typeof createCustomerInput>) {
  const [row] = await tx.insert(customers).values({ tenantId, name: input.name, notes: input.notes }).returning();
  await recordCreated(tx, tenantId, audit, "customer", row!);
  return row!;
}

/** Changes the given fields of a customer, audited as customer.updated with the changed field names. */
export async function updateCustomer(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, input: z.infer<typeof updateCustomerInput>) {
  const { customerId, ...patch } = input;
  const current = await getCustomer(tx, tenantId, viewer, customerId);
  return applyUpdate(tx, tenantId, audit, "customer", current, patch, async (changes) => {
    const [row] = await tx
      .update(customers)
      .set(changes)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)))
      .returning();
    return row!;
  });
}

/**
 * Archives (`archived` true) or restores a customer. Its contacts, devices and passwords stay as they are; an
 * archived customer takes no new contacts or devices until it is restored.
 */
export async function setCustomerArchived(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, customerId: string, archived: boolean) {
  const current = await getCustomer(tx, tenantId, viewer, customerId);
  await setArchived(tx, tenantId, audit, "customer", current, archived, (archivedAt) =>
    tx
      .update(customers)
      .set({ archivedAt })
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId))),
  );
}
