import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { contacts, customers, devices } from "@/db/schema";
import { paletteSearchInput } from "@/lib/palette-search";
import type { MemberScope } from "@/server/scope";
import { containsPattern } from "./entity-list";
import { visibleHolders, type FiledKind, type HolderKind, type HolderRow } from "./holders";

/** ⌘K's customers, contacts and devices: five of each by default. */
export const searchHoldersInput = paletteSearchInput(5);

/** What a search of one kind of holder is: its table, and the column it shows and finds besides the name. */
const FILED = {
  contact: { table: contacts, extra: { email: contacts.email } },
  device: { table: devices, extra: { hostname: devices.hostname, kind: devices.kind } },
} as const;

/** A found contact or device: Drizzle cannot type a select over a table chosen at run time, so it is typed back here. */
type FiledHit<K extends FiledKind> = Pick<HolderRow<K>, "id" | "name" | "customerId" | Extract<keyof (typeof FILED)[K]["extra"], keyof HolderRow<K>>> & {
  customerName: string;
};

// Names that start with the term come before names that only contain it ("term%": the contains pattern without its
// leading %).
const startsFirst = (column: AnyPgColumn, pattern: string) => sql`(${column} ilike ${pattern.slice(1)}) desc`;

/**
 * The ids of the tenant's holders of `kind` that contain the pattern, through vaultline_search_holders (migration
 * 0016): row-level security keeps a query from using the trigram indexes itself (ILIKE is not leakproof).
 */
const matching = (kind: HolderKind, pattern: string) => sql`(select vaultline_search_holders(${kind}, ${pattern}))`;

/** The live contacts or devices matching `pattern` that the member may see, names that start with it first. */
function filedHoldersMatching<K extends FiledKind>(scope: MemberScope, kind: K, pattern: string, limit: number) {
  const { table, extra } = FILED[kind] as (typeof FILED)[FiledKind];
  return scope.db
    .select({ id: table.id, name: table.name, ...extra, customerId: table.customerId, customerName: customers.name })
    .from(table)
    .innerJoin(customers, and(eq(customers.tenantId, table.tenantId), eq(customers.id, table.customerId)))
    .where(and(eq(table.tenantId, scope.tenantId), isNull(table.archivedAt), inArray(table.id, matching(kind, pattern)), visibleHolders(scope.member, kind)))
    .orderBy(startsFirst(table.name, pattern), asc(table.name), asc(table.id))
    .limit(limit) as unknown as Promise<FiledHit<K>[]>;
}

/**
 * The live customers, contacts and devices the member may see whose name contains `term` (contacts also by email,
 * devices also by hostname), up to `limit` of each, for the ⌘K palette. Tenant-scoped by the query and by row-level
 * security, and narrowed by the same visibility rule as their lists (a restricted technician finds only what holds a
 * password they can see). Ids and names only: notes stay on the record's page.
 */
export async function searchHolders(scope: MemberScope, input: z.infer<typeof searchHoldersInput>) {
  const pattern = containsPattern(input.term);
  const [foundCustomers, foundContacts, foundDevices] = await Promise.all([
    scope.db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(
        and(
          eq(customers.tenantId, scope.tenantId),
          isNull(customers.archivedAt),
          inArray(customers.id, matching("customer", pattern)),
          visibleHolders(scope.member, "customer"),
        ),
      )
      .orderBy(startsFirst(customers.name, pattern), asc(customers.name), asc(customers.id))
      .limit(input.limit),
    filedHoldersMatching(scope, "contact", pattern, input.limit),
    filedHoldersMatching(scope, "device", pattern, input.limit),
  ]);
  return { customers: foundCustomers, contacts: foundContacts, devices: foundDevices };
}
