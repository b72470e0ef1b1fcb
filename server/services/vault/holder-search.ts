import "server-only";
import { and, asc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { contacts, customers, devices } from "@/db/schema";
import type { MemberScope } from "@/server/scope";
import { containsPattern } from "./entity-list";
import { visibleHolders } from "./holders";

export const searchHoldersInput = z.object({
  term: z.string({ error: "Search must be text." }).trim().min(1, "Search is required.").max(200, "Search must be at most 200 characters."),
  /** How many of each kind: the palette shows a few of each, not a list to page through. */
  limit: z.number({ error: "Limit must be a number." }).int().min(1, "Limit must be at least 1.").max(20, "Limit must be at most 20.").default(5),
});

const sameCustomer = (table: typeof contacts | typeof devices) => and(eq(customers.tenantId, table.tenantId), eq(customers.id, table.customerId));
// Names that start with the term come before names that only contain it ("term%": the contains pattern without its
// leading %).
const startsFirst = (column: AnyPgColumn, pattern: string) => sql`(${column} ilike ${pattern.slice(1)}) desc`;

/**
 * The live customers, contacts and devices the member may see whose name contains `term` (contacts also by email,
 * devices also by hostname), up to `limit` of each, for the ⌘K palette. Tenant-scoped by the query and by row-level
 * security, and narrowed by the same visibility rule as their lists (a restricted technician finds only what holds a
 * password they can see). Ids and names only: notes stay on the record's page.
 */
export async function searchHolders(scope: MemberScope, input: z.infer<typeof searchHoldersInput>) {
  const { db, tenantId, member } = scope;
  const pattern = containsPattern(input.term);
  const [foundCustomers, foundContacts, foundDevices] = await Promise.all([
    db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), isNull(customers.archivedAt), ilike(customers.name, pattern), visibleHolders(member, "customer")))
      .orderBy(startsFirst(customers.name, pattern), asc(customers.name), asc(customers.id))
      .limit(input.limit),
    db
      .select({ id: contacts.id, name: contacts.name, email: contacts.email, customerId: contacts.customerId, customerName: customers.name })
      .from(contacts)
      .innerJoin(customers, sameCustomer(contacts))
      .where(
        and(
          eq(contacts.tenantId, tenantId),
          isNull(contacts.archivedAt),
          or(ilike(contacts.name, pattern), ilike(contacts.email, pattern)),
          visibleHolders(member, "contact"),
        ),
      )
      .orderBy(startsFirst(contacts.name, pattern), asc(contacts.name), asc(contacts.id))
      .limit(input.limit),
    db
      .select({ id: devices.id, name: devices.name, hostname: devices.hostname, kind: devices.kind, customerId: devices.customerId, customerName: customers.name })
      .from(devices)
      .innerJoin(customers, sameCustomer(devices))
      .where(
        and(
          eq(devices.tenantId, tenantId),
          isNull(devices.archivedAt),
          or(ilike(devices.name, pattern), ilike(devices.hostname, pattern)),
          visibleHolders(member, "device"),
        ),
      )
      .orderBy(startsFirst(devices.name, pattern), asc(devices.name), asc(devices.id))
      .limit(input.limit),
  ]);
  return { customers: foundCustomers, contacts: foundContacts, devices: foundDevices };
}
