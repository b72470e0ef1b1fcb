import "server-only";
import { z } from "zod";
import { customerForMember, listCustomers } from "@/server/services/vault/customers";
import { defineRoute } from "../route-kit";
import { afterCursor, nextCursor, zApiCustomer, zApiCustomerPage, zIdParams, zPageQuery } from "../schemas";

type CustomerRow = { id: string; name: string; archivedAt: Date | null; createdAt: Date; updatedAt: Date };

const toApiCustomer = (c: CustomerRow): z.output<typeof zApiCustomer> => ({
  id: c.id,
  name: c.name,
  archived: c.archivedAt !== null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export const customerRoutes = [
  defineRoute({
    method: "GET",
    path: "/customers",
    summary: "List customers (by name), a page at a time",
    scope: "metadata:read",
    query: zPageQuery.extend({ search: z.string().trim().max(200, "search must be at most 200 characters.").optional() }),
    response: zApiCustomerPage,
    handle: async (scope, { query }) => {
      const input = { search: query.search, sort: "name" as const, direction: "asc" as const, page: 1, pageSize: query.limit, includeArchived: false, after: afterCursor(query.cursor) };
      const found = await listCustomers(scope, input);
      return { items: found.items.map(toApiCustomer), nextCursor: nextCursor(found) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/customers/{id}",
    summary: "Get one customer",
    scope: "metadata:read",
    params: zIdParams,
    response: zApiCustomer,
    handle: async (scope, { params }) => {
      return toApiCustomer(await customerForMember(scope, params.id));
    },
  }),
];
