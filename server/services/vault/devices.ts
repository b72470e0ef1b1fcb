import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { agents, customers, deviceType, devices } from "@/db/schema";
import type { MemberScope } from "@/server/scope";
import { agentStatusSql } from "../agents/agent-api";
import { listEntitiesInput, listPage, zCustomerId, zEntityName, zHostname, zIpAddress, zNotes, type AfterRow } from "./entity-list";
import { fileHolder, visibleHolders } from "./holders";

const zDeviceId = z.uuid({ error: "Device id is invalid." });
const zDeviceType = z.enum(deviceType.enumValues, {
  error: "Type must be server, workstation, network, printer, firewall, cloud or other.",
});

export const listDevicesInput = listEntitiesInput.extend({
  customerId: zCustomerId.optional(),
  kind: z.enum(["agent", "non_agent"], { error: "Kind must be agent or non_agent." }).optional(),
  type: zDeviceType.optional(),
});
export const deviceIdInput = z.object({ deviceId: zDeviceId });
/** A device added by hand is a non-agent device: agent devices are created by the agent's enrollment. */
export const createDeviceInput = z.object({
  customerId: zCustomerId,
  name: zEntityName,
  type: zDeviceType,
  hostname: zHostname.default(""),
  ipAddress: zIpAddress.default(""),
  notes: zNotes.default(""),
});
export const updateDeviceInput = z.object({
  deviceId: zDeviceId,
  name: zEntityName.optional(),
  type: zDeviceType.optional(),
  hostname: zHostname.optional(),
  ipAddress: zIpAddress.optional(),
  notes: zNotes.optional(),
});

const sameCustomer = and(eq(customers.tenantId, devices.tenantId), eq(customers.id, devices.customerId));

/**
 * A page of the devices the member may see (optionally one customer's, one kind or one type), searched by name, hostname or
 * IP address, with each one's customer name and agent status. Notes stay on the device's own page.
 */
export async function listDevices(scope: MemberScope, input: z.infer<typeof listDevicesInput> & AfterRow) {
  const filters = [
    visibleHolders(scope.member, "device"),
    input.customerId ? eq(devices.customerId, input.customerId) : undefined,
    input.kind ? eq(devices.kind, input.kind) : undefined,
    input.type ? eq(devices.type, input.type) : undefined,
  ];
  const searched = [devices.name, devices.hostname, devices.ipAddress];
  return listPage(scope, devices, input, searched, filters, (where, order, limit, offset) =>
    scope.db
      .select({
        id: devices.id,
        customerId: devices.customerId,
        customerName: customers.name,
        name: devices.name,
        kind: devices.kind,
        type: devices.type,
        hostname: devices.hostname,
        ipAddress: devices.ipAddress,
        archivedAt: devices.archivedAt,
        createdAt: devices.createdAt,
        updatedAt: devices.updatedAt,
        /** Agent devices: "online", "offline" or "revoked"; null for non-agent devices and agents never seen. */
        agentStatus: agentStatusSql,
        agentLastSeenAt: agents.lastSeenAt,
      })
      .from(devices)
      .innerJoin(customers, sameCustomer)
      .leftJoin(agents, and(eq(agents.tenantId, devices.tenantId), eq(agents.deviceId, devices.id)))
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset),
  );
}

/** The status of a device's agent ("online", "offline", "revoked") and when it was last seen; nulls without an agent. */
export async function deviceAgentStatus(scope: MemberScope, deviceId: string) {
  const [row] = await scope.db
    .select({ agentStatus: agentStatusSql, agentLastSeenAt: agents.lastSeenAt })
    .from(agents)
    .where(and(eq(agents.tenantId, scope.tenantId), eq(agents.deviceId, deviceId)));
  return row ?? { agentStatus: null, agentLastSeenAt: null };
}

/** Adds a non-agent device under one of the tenant's live customers, audited as device.created. */
export function createDevice(scope: MemberScope, input: z.infer<typeof createDeviceInput>) {
  const { customerId, name, type, hostname, ipAddress, notes } = input;
  return fileHolder(scope, "device", { customerId, kind: "non_agent", name, type, hostname, ipAddress, notes }, { type });
}
