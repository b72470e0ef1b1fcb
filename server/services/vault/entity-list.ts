import "server-only";
import { and, asc, count, desc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import { badInput } from "@/server/errors";
import type { TenantScope } from "@/server/scope";

/*
 * What the lists of customers, contacts and devices share: field rules and the list query (search, sort, pages by
 * offset or after a row, with one count query). Loading, filing and editing one of them is holders.ts.
 */

/**
 * Keyset paging: the page starts after this row (by name, then id), so rows inserted or deleted before it do not
 * shift the page the way an offset does. Name order only; the REST API pages this way (the app's pager by number).
 */
export type AfterRow = { after?: { name: string; id: string } };

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
export type ListEntitiesInput = z.infer<typeof listEntitiesInput> & AfterRow;

/** The columns every entity table has. */
export type EntityTable = PgTable & {
  tenantId: PgColumn;
  id: PgColumn;
  name: PgColumn;
  updatedAt: PgColumn;
  archivedAt: PgColumn;
};

/** `more`: rows follow this page. */
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number; more: boolean };

/** `%term%` for ILIKE, with the pattern characters of the term itself matched literally. */
export function containsPattern(term: string) {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of an entity list: the tenant's rows (not archived unless asked), matching the search in any of
 * `searchColumns` case-insensitively, narrowed by `filters`, sorted with the id as tie-breaker so pages never
 * overlap; from `input.after` when given, else by page number. The total comes from a single count over the same
 * conditions (not narrowed by `after`).
 */
export async function listPage<T>(
  scope: TenantScope,
  table: EntityTable,
  input: ListEntitiesInput,
  searchColumns: PgColumn[],
  filters: (SQL | undefined)[],
  select: (where: SQL | undefined, order: SQL[], limit: number, offset: number) => Promise<T[]>,
): Promise<Page<T>> {
  const search = input.search ? containsPattern(input.search) : null;
  const where = and(
    eq(table.tenantId, scope.tenantId),
    input.includeArchived ? undefined : isNull(table.archivedAt),
    search ? or(...searchColumns.map((c) => ilike(c, search))) : undefined,
    ...filters,
  );
  const direction = input.direction === "desc" ? desc : asc;
  const order = [direction(input.sort === "updated" ? table.updatedAt : table.name), direction(table.id)];
  const { after } = input;
  if (after && input.sort !== "name") throw badInput("after", "Paging after a row needs the list sorted by name.");
  const afterRow = after ? sql`(${table.name}, ${table.id}) ${input.direction === "desc" ? sql`<` : sql`>`} (${after.name}, ${after.id})` : undefined;
  const offset = after ? 0 : (input.page - 1) * input.pageSize;
  // One row more than the page: whether another page follows, without a second count.
  const [rows, [counted]] = await Promise.all([
    select(and(where, afterRow), order, input.pageSize + 1, offset),
    scope.db.select({ n: count() }).from(table).where(where),
  ]);
  return { items: rows.slice(0, input.pageSize), total: counted?.n ?? 0, page: input.page, pageSize: input.pageSize, more: rows.length > input.pageSize };
}
