import "server-only";
import { and, eq, ilike, inArray, isNotNull, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { credentials, customers } from "@/db/schema";
import { hasCredentialFilters, type CredentialListFilters, type CredentialSort } from "@/lib/credential-list";
import type { MemberScope } from "@/server/scope";
import { visibleCredentialsCondition } from "../sharing/permissions";
import { credentialFilterConditions, credentialSortKey } from "./credential-filters";
import type { listCredentialsInput } from "./credential-input";
import { containsPattern } from "./entity-list";

/*
 * Which credentials a list shows, by id and name (what its pages are cut by). A search matches the description,
 * username, domain, login URL, tags (the `search` column, lower-cased, one field a line) and the customer's name,
 * never a secret. A term matches across two fields only if it holds a line break, which no field ends with.
 */

/**
 * What narrows a list: its target, a search term, its filters, the trash instead of the live vault, or one credential's
 * id; the customers an API key is limited to; and what it is ordered by (the `sortKey` column). `first`: only that many
 * rows from the start of the name order (ascending) are wanted, and no total; a plain search cuts them in the database.
 */
export type ListInput = Partial<Pick<z.infer<typeof listCredentialsInput>, "target" | "search" | "deleted">> &
  CredentialListFilters & { id?: string; sort?: CredentialSort; customerIds?: readonly string[] | null; first?: number };

const TARGET_COLUMN = { customer: credentials.customerId, contact: credentials.contactId, device: credentials.deviceId } as const;

/** SQL: the current "credentials" row matches the ILIKE pattern, on its own fields or its customer's name. */
function rowMatches(scope: MemberScope, pattern: string): SQL | undefined {
  const namedCustomers = scope.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.tenantId, scope.tenantId), ilike(customers.name, pattern)));
  return or(like(credentials.search, sql`lower(${pattern})`), inArray(credentials.customerId, namedCustomers));
}

/**
 * The credentials `input` lists for the member, as a query of `id`, `name` and `sortKey` (what its order reads). A
 * search of the whole live vault goes through vaultline_search_credentials (migrations 0013, 0016), which can use the trigram
 * indexes that row-level security keeps a query from using; a list of one customer, contact or device, or of the trash,
 * is small enough to filter row by row. Filters are conditions on the same rows. `first` only lets the function cut the
 * list: the caller still orders and limits what this answers.
 */
export function matchingCredentials(scope: MemberScope, input: ListInput) {
  const visible = visibleCredentialsCondition(scope.member);
  const pattern = input.search ? containsPattern(input.search) : null;
  const sort = input.sort ?? "name";
  const indexed = pattern !== null && !input.target && !input.deleted && !input.id ? sql`vaultline_search_credentials(${pattern}) as found` : null;
  // Nothing else to check per row: the function's answer is the list (with `first`, already cut: migration 0025).
  if (indexed && !visible && sort === "name" && !hasCredentialFilters(input) && !input.customerIds) {
    return scope.db
      .select({ id: sql<string>`found.id`.as("id"), name: sql<string>`found.name`.as("name"), sortKey: sql<unknown>`found.name`.as("sort_key") })
      .from(input.first ? sql`vaultline_search_credentials_first(${pattern}, ${input.first}::int) as found` : indexed);
  }
  return scope.db
    .select({ id: sql<string>`${credentials.id}`.as("id"), name: sql<string>`${credentials.name}`.as("name"), sortKey: sql<unknown>`${credentialSortKey(sort)}`.as("sort_key") })
    .from(credentials)
    .where(
      and(
        eq(credentials.tenantId, scope.tenantId),
        input.deleted ? isNotNull(credentials.deletedAt) : isNull(credentials.deletedAt),
        input.target ? eq(TARGET_COLUMN[input.target.type], input.target.id) : undefined,
        input.id ? eq(credentials.id, input.id) : undefined,
        input.customerIds ? inArray(credentials.customerId, [...input.customerIds]) : undefined,
        indexed ? sql`${credentials.id} in (select found.id from ${indexed})` : pattern ? rowMatches(scope, pattern) : undefined,
        ...credentialFilterConditions(input),
        visible,
      ),
    );
}

/** The tags on the live credentials the member sees, each once (case as first written), sorted: the tag filter's choices. */
export async function listCredentialTags(scope: MemberScope): Promise<string[]> {
  const { db } = scope;
  const visible = matchingCredentials(scope, {}).as("visible");
  const tags = db
    .select({ tag: sql<string>`unnest(${credentials.tags})`.as("tag") })
    .from(credentials)
    .where(and(eq(credentials.tenantId, scope.tenantId), inArray(credentials.id, db.select({ id: visible.id }).from(visible))))
    .as("tags");
  const rows = await db
    .select({ tag: sql<string>`min(${tags.tag})` })
    .from(tags)
    .groupBy(sql`lower(${tags.tag})`)
    .orderBy(sql`lower(${tags.tag})`)
    .limit(MAX_TAGS);
  return rows.map((r) => r.tag);
}

/** Enough for any real workspace's tag list; a select longer than this is no use anyway. */
const MAX_TAGS = 500;
