import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { agents, customers, deviceType, devices } from "@/db/schema";
import { agentStatusSql } from "../agents/agent-api";
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
  visibleDevices,
  zCustomerId,
  zEntityName,
  zHostname,
  zIpAddress,
  zNotes,
} from "./entity-list";

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
 * A page of the devices the viewer may see (optionally one customer's, one kind or one type), searched by name, hostname or
 * IP address, with each one's customer name. Notes stay on the device's own page.
 */
export async function listDevices(tx: Tx, tenantId: string, viewer: Viewer, input: z.infer<typeof listDevicesInput>) {
  const filters = [
    visibleDevices(viewer),
    input.customerId ? eq(devices.customerId, input.customerId) : undefined,
    input.kind ? eq(devices.kind, input.kind) : undefined,
    input.type ? eq(devices.type, input.type) : undefined,
  ];
  const searched = [devices.name, devices.hostname, devices.ipAddress];
  return listPage(tx, devices, tenantId, input, searched, filters, (where, order, limit, offset) =>
    tx
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

async function loadDevice(tx: Tx, tenantId: string, viewer: Viewer, deviceId: string) {
  const [row] = await tx
    .select()
    .from(devices)
    .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId), visibleDevices(viewer)));
  if (!row) throw notFound("Device");
  return row;
}

/** One device with its customer's id and name (the back-link); NOT_FOUND for an unknown or another tenant's id. */
export async function getDevice(tx: Tx, tenantId: string, viewer: Viewer, deviceId: string) {
  const [row] = await tx
    .select({ ...getTableColumns(devices), customerName: customers.name })
    .from(devices)
    .innerJoin(customers, sameCustomer)
    .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId), visibleDevices(viewer)));
  if (!row) throw notFound("Device");
  const { customerName, ...device } = row;
  return { ...device, customer: { id: device.customerId, name: customerName } };
}

/** Adds a non-agent device under one of the tenant's (live) customers, audited as device.created. */
export async function createDevice(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, input: z.infer<typeof createDeviceInput>) {
  const customer = await customerRef(tx, tenantId, viewer, input.customerId);
  const [row] = await tx
    .insert(devices)
    .values({
      tenantId,
      customerId: customer.id,
      kind: "non_agent",
      name: input.name,
      type: input.type,
      hostname: input.hostname,
      ipAddress: input.ipAddress,
      notes: input.notes,
    })
    .returning();
  await recordCreated(tx, tenantId, audit, "device", row!, { customerId: customer.id, type: row!.type });
  return row!;
}

/** Changes the given fields of a device, audited as device.updated with the changed field names. */
export async function updateDevice(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, input: z.infer<typeof updateDeviceInput>) {
  const { deviceId, ...patch } = input;
  const current = await loadDevice(tx, tenantId, viewer, deviceId);
  return applyUpdate(tx, tenantId, audit, "device", current, patch, async (changes) => {
    const [row] = await tx
      .update(devices)
      .set(changes)
      .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)))
      .returning();
    return row!;
  });
}

/** Archives (`archived` true) or restores a device; its passwords stay where they are. */
export async function setDeviceArchived(tx: Tx, tenantId: string, viewer: Viewer, audit: AuditActor, deviceId: string, archived: boolean) {
  const current = await loadDevice(tx, tenantId, viewer, deviceId);
  await setArchived(tx, tenantId, audit, "device", current, archived, (archivedAt) =>
    tx
      .update(devices)
      .set({ archivedAt })
      .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId))),
  );
}
