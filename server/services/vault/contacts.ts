import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { contacts, customers } from "@/db/schema";
import type { MemberScope } from "@/server/scope";
import { listEntitiesInput, listPage, zContactEmail, zCustomerId, zEntityName, zPhone, type AfterRow } from "./entity-list";
import { fileHolder, visibleHolders } from "./holders";

const zContactId = z.uuid({ error: "Contact id is invalid." });

export const listContactsInput = listEntitiesInput.extend({ customerId: zCustomerId.optional() });
export const contactIdInput = z.object({ contactId: zContactId });
export const createContactInput = z.object({
  customerId: zCustomerId,
  name: zEntityName,
  email: zContactEmail.default(""),
  phone: zPhone.default(""),
});
export const updateContactInput = z.object({
  contactId: zContactId,
  name: zEntityName.optional(),
  email: zContactEmail.optional(),
  phone: zPhone.optional(),
});

const sameCustomer = and(eq(customers.tenantId, contacts.tenantId), eq(customers.id, contacts.customerId));

/**
 * A page of the contacts the member may see (optionally one customer's), searched by name or email, with each one's
 * customer name.
 */
export async function listContacts(scope: MemberScope, input: z.infer<typeof listContactsInput> & AfterRow) {
  const filters = [
    visibleHolders(scope.member, "contact"),
    input.customerId ? eq(contacts.customerId, input.customerId) : undefined,
  ];
  return listPage(scope, contacts, input, [contacts.name, contacts.email], filters, (where, order, limit, offset) =>
    scope.db
      .select({
        id: contacts.id,
        customerId: contacts.customerId,
        customerName: customers.name,
        name: contacts.name,
        email: contacts.email,
        phone: contacts.phone,
        archivedAt: contacts.archivedAt,
        createdAt: contacts.createdAt,
        updatedAt: contacts.updatedAt,
      })
      .from(contacts)
      .innerJoin(customers, sameCustomer)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset),
  );
}

/** Files a new contact under one of the tenant's live customers, audited as contact.created. */
export function createContact(scope: MemberScope, input: z.infer<typeof createContactInput>) {
  const { customerId, name, email, phone } = input;
  return fileHolder(scope, "contact", { customerId, name, email, phone });
}
