import "server-only";
import { z } from "zod";
import { deviceType } from "@/db/schema";
import { listContacts } from "@/server/services/vault/contacts";
import { deviceAgentStatus, listDevices } from "@/server/services/vault/devices";
import { filedHolder } from "@/server/services/vault/holders";
import type { ApiScope } from "@/server/services/api-keys/authenticate-api-key";
import { defineRoute } from "../route-kit";
import { afterCursor, nextCursor, zApiContact, zApiContactPage, zApiDevice, zApiDevicePage, zIdParams, zPageQuery } from "../schemas";

/* Contacts and devices (with their agent's status): read only, as the key's owner sees them. */

const listQuery = zPageQuery.extend({
  customerId: z.uuid({ error: "customerId must be a customer id." }).optional(),
  search: z.string().trim().max(200, "search must be at most 200 characters.").optional(),
});

/** A list's paging (by name, after the cursor's row) and customer (the key's limits apply in the services). */
function listInput(query: z.output<typeof listQuery>) {
  const after = afterCursor(query.cursor);
  return { search: query.search, customerId: query.customerId, sort: "name" as const, direction: "asc" as const, page: 1, pageSize: query.limit, includeArchived: false, after };
}

/** A contact or device with its customer's name; one outside the key's limits answers like one that does not exist. */
async function filedWithName<K extends "contact" | "device">(scope: ApiScope, kind: K, id: string) {
  const row = await filedHolder(scope, kind, id);
  return { ...row, customerName: row.customer.name };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type ContactRow = { id: string; customerId: string; customerName: string; name: string; email: string; phone: string; archivedAt: Date | null; updatedAt: Date };
const toApiContact = (c: ContactRow): z.output<typeof zApiContact> => ({
  id: c.id,
  customer: { id: c.customerId, name: c.customerName },
  name: c.name,
  email: c.email,
  phone: c.phone,
  archived: c.archivedAt !== null,
  updatedAt: c.updatedAt.toISOString(),
});

type DeviceRow = {
  id: string;
  customerId: string;
  customerName: string;
  name: string;
  kind: "agent" | "non_agent";
  type: (typeof deviceType.enumValues)[number];
  hostname: string;
  ipAddress: string;
  archivedAt: Date | null;
  updatedAt: Date;
  agentStatus: "online" | "offline" | "revoked" | null;
  agentLastSeenAt: Date | string | null;
};
const toApiDevice = (d: DeviceRow): z.output<typeof zApiDevice> => ({
  id: d.id,
  customer: { id: d.customerId, name: d.customerName },
  name: d.name,
  kind: d.kind,
  type: d.type,
  hostname: d.hostname,
  ipAddress: d.ipAddress,
  archived: d.archivedAt !== null,
  updatedAt: d.updatedAt.toISOString(),
  agent: d.kind === "agent" ? { status: d.agentStatus, lastSeenAt: iso(d.agentLastSeenAt) } : null,
});

export const holderRoutes = [
  defineRoute({
    method: "GET",
    path: "/contacts",
    summary: "List contacts (optionally one customer's), a page at a time",
    scope: "metadata:read",
    query: listQuery,
    response: zApiContactPage,
    handle: async (scope, { query }) => {
      const found = await listContacts(scope, listInput(query));
      return { items: found.items.map(toApiContact), nextCursor: nextCursor(found) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/contacts/{id}",
    summary: "Get one contact",
    scope: "metadata:read",
    params: zIdParams,
    response: zApiContact,
    handle: async (scope, { params }) => toApiContact(await filedWithName(scope, "contact", params.id)),
  }),
  defineRoute({
    method: "GET",
    path: "/devices",
    summary: "List devices with their agent's status (optionally one customer's), a page at a time",
    scope: "metadata:read",
    query: listQuery,
    response: zApiDevicePage,
    handle: async (scope, { query }) => {
      const found = await listDevices(scope, listInput(query));
      return { items: found.items.map(toApiDevice), nextCursor: nextCursor(found) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/devices/{id}",
    summary: "Get one device with its agent's status",
    scope: "metadata:read",
    params: zIdParams,
    response: zApiDevice,
    handle: async (scope, { params }) => {
      const row = await filedWithName(scope, "device", params.id);
      return toApiDevice({ ...row, ...(await deviceAgentStatus(scope, params.id)) });
    },
  }),
];
