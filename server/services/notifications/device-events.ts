import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { agents, customers, defaultTenantSettings, devices, tenants } from "@/db/schema";
import { deviceEventTypes } from "@/lib/notification-events";
import { deviceDigestLine, deviceEventEmail, type DeviceNotificationFacts } from "@/server/email/notification-templates";
import { appUrl } from "@/server/email/send-email";
import type { TenantScope } from "@/server/scope";
import { deliverRouted, type DeliverySummary } from "./deliver";

/** An event about one device, as the job engine hands it over: ids only. */
export const zDeviceEvent = z.object({
  type: z.enum(deviceEventTypes, { error: `Event type must be one of: ${deviceEventTypes.join(", ")}.` }),
  deviceId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type DeviceEvent = z.input<typeof zDeviceEvent>;

/**
 * The device, its customer, its agent and the tenant: what a notification may say. Null when there is nothing to
 * tell any more: the device is gone, or its agent was revoked or has checked in again since it went offline.
 */
async function loadDeviceFacts(scope: TenantScope, event: z.output<typeof zDeviceEvent>) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({
      deviceName: devices.name,
      deviceHostname: devices.hostname,
      customerId: devices.customerId,
      customerName: customers.name,
      agentHostname: agents.hostname,
      lastSeenAt: agents.lastSeenAt,
      offlineSince: agents.offlineSince,
      revokedAt: agents.revokedAt,
      tenantName: tenants.name,
      slug: tenants.slug,
      settings: tenants.settings,
    })
    .from(devices)
    .innerJoin(tenants, eq(tenants.id, devices.tenantId))
    .innerJoin(customers, and(eq(customers.tenantId, devices.tenantId), eq(customers.id, devices.customerId)))
    .innerJoin(agents, and(eq(agents.tenantId, devices.tenantId), eq(agents.deviceId, devices.id)))
    .where(and(eq(devices.tenantId, tenantId), eq(devices.id, event.deviceId)));
  if (!row || row.revokedAt || !row.offlineSince) return null;
  const facts: DeviceNotificationFacts = {
    tenantName: row.tenantName,
    terminology: { ...defaultTenantSettings, ...row.settings }.terminology,
    type: event.type,
    deviceName: row.deviceName,
    hostname: row.agentHostname || row.deviceHostname,
    customerName: row.customerName,
    lastSeenAt: row.lastSeenAt,
    occurredAt: new Date(event.occurredAt),
    url: `${appUrl()}/${row.slug}/devices/${event.deviceId}`,
  };
  return { facts, customerId: row.customerId };
}

/**
 * Tells the people the tenant's notification rules name that something happened to a device (its agent went
 * offline): the same rule matching, recipients and member preferences as password events, except that devices
 * have no owner, so a rule's "owner" recipient names nobody here. Digest items are queued in the tenant
 * transaction; immediate mail goes out after it commits, once per address.
 *
 * Opens its own transactions (sendTenantEmail opens one, and PGlite cannot nest them): call it from a job step. A
 * device that is gone, or whose agent is back or revoked by then, is ignored.
 */
export async function deliverDeviceEvent(tenantId: string, event: DeviceEvent): Promise<DeliverySummary> {
  const parsed = zDeviceEvent.parse(event);
  return deliverRouted(tenantId, async (scope) => {
    const loaded = await loadDeviceFacts(scope, parsed);
    if (!loaded) return null;
    const { facts } = loaded;
    return {
      subject: { type: parsed.type, customerId: loaded.customerId, ownerUserId: null, actorUserId: null },
      about: { deviceId: parsed.deviceId },
      occurredAt: facts.occurredAt,
      url: facts.url,
      digestLine: deviceDigestLine(facts),
      email: () => deviceEventEmail(facts),
    };
  });
}
