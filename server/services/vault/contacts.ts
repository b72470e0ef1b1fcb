import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { contacts, customers } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { Viewer } from "../sharing/permissions";
import type { AuditActor } from "../audit/record-audit-event";
import {
  applyUpdate,
  customerRef,
  listEntitiesInput,
  listPage,
  recordCreated,
  setArchived,
  visibleContacts,
  zContactEmail,
  zCustomerId,
  zEntityName,
  zPhone,
} from "./entity-list";

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

/** A page of the contacts the viewer may see (optionally one customer's), searched by name or email, with each one's customer name. */
export async function listContacts(tx: Tx, tenantId: string, viewer: Viewer, input: z.infer<typeof listContactsInput>) {
  const filters = [visibleContacts(viewer), input.customerId ? eq(contacts.customerId, input.customerId) : undefined];
  return listPage(tx, contacts, tenantId, input, [contacts.name, contacts.email], filters, (where, order, limit, offset) =>
    tx
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

async function loadContact(tx: Tx, tenantId: string, viewer: Viewer, contactId: string) {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId), visibleContacts(viewer)));
  if (!row) throw notFound("Contact");
  return row;
}

/** One contact with its customer's id and name (the back-link); NOT_FOUND for an unknown or another tenant's id. */
export async function getContact(tx: Tx, tenantId: string, viewer: Viewer, contactId: string) {
  const [row] = await tx
    .select({ ...getTableColumns(contacts), customerName: customers.name })
    .from(contacts)
    .innerJoin(customers, sameCustomer)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId), visibleContacts(viewer)));
  if (!row) throw notFound("Contact");
  const { customerName, ...contact } = row;
  return { ...contact, customer: { id: contact.customerId, name: customerName } };
}

/** Creates a contact under one of the tenant's (live) customers, audited as contact.created. */
export async function createContact(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, input: z.infer<typeof createContactInput>) {
  const customer = await customerRef(tx, tenantId, viewer, input.customerId);
  const [row] = await tx
    .insert(contacts)
    .values({ tenantId, customerId: customer.id, name: input.name, email: input.email, phone: input.phone })
    .returning();
  await recordCreated(tx, tenantId, audit, "contact", row!, { customerId: customer.id });
  return row!;
}

/** Changes the given fields of a contact, audited as contact.updated with the changed field names. */
export async function updateContact(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, input: z.infer<typeof updateContactInput>) {
  const { contactId, ...patch } = input;
  const current = await loadContact(tx, tenantId, viewer, contactId);
  return applyUpdate(tx, tenantId, audit, "contact", current, patch, async (changes) => {
    const [row] = await tx
      .update(contacts)
      .set(changes)
      .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId)))
      .returning();
    return row!;
  });
}

/** Archives (`archived` true) or restores a contact; its passwords stay where they are. */
export async function setContactArchived(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, contactId: string, archived: boolean) {
  const current = await loadContact(tx, tenantId, viewer, contactId);
  await setArchived(tx, tenantId, audit, "contact", current, archived, (archivedAt) =>
    tx
      .update(contacts)
      .set({ archivedAt })
      .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId))),
  );
}
