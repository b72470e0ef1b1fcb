import "server-only";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { jobEvents } from "@/db/schema";
import { accessChanges } from "@/lib/access-requests";
import { exportFormats } from "@/lib/export";
import { notificationEventTypes } from "@/lib/notification-events";

/*
 * The events services emit and workflows react to. Below both layers: services record events here without knowing
 * the job engine (server/jobs), which reads them from the outbox.
 */

const tenantId = z.uuid();

/**
 * Every event a workflow reacts to, with the schema of its data. Payloads carry ids only: a job's payload is
 * stored by Inngest or in job_events, and a secret must never be.
 */
export const eventSchemas = {
  "vaultline/rotation.requested": z.object({ tenantId, runId: z.uuid(), targetKey: z.string() }),
  "vaultline/health-check.requested": z.object({ tenantId, runId: z.uuid(), targetKey: z.string() }),
  "vaultline/rotation.schedules-due": z.object({ tenantId }),
  /** The workspace's directory is due for its scheduled re-sync. */
  "vaultline/directory.sync-due": z.object({ tenantId }),
  "vaultline/tenant.daily": z.object({ tenantId, day: z.string() }),
  "vaultline/agent.task-finished": z.object({ tenantId, runId: z.uuid() }),
  "vaultline/agents.sweep-due": z.object({ tenantId }),
  /** The sweep marked the device's agent offline. */
  "vaultline/device.offline": z.object({ tenantId, deviceId: z.uuid(), occurredAt: z.iso.datetime() }),
  /** One member had more different passwords handed out than the workspace's bulk-reveal threshold (counts only). */
  "vaultline/member.bulk-reveal": z.object({
    tenantId,
    membershipId: z.uuid(),
    passwords: z.number().int().positive(),
    minutes: z.number().int().positive(),
    occurredAt: z.iso.datetime(),
  }),
  /** A member exported passwords in a file: counts and ids only, never which passwords or a value. */
  "vaultline/member.exported": z.object({
    tenantId,
    membershipId: z.uuid(),
    format: z.enum(exportFormats),
    scope: z.enum(["all", "customer", "selection"]),
    customerId: z.uuid().nullable(),
    included: z.number().int().nonnegative(),
    leftOut: z.number().int().nonnegative(),
    occurredAt: z.iso.datetime(),
  }),
  /** Something happened to an access request (issue #6): who must hear of it depends on the change. */
  "vaultline/access.changed": z.object({
    tenantId,
    requestId: z.uuid(),
    change: z.enum(accessChanges),
  }),
  /** A checkout began; its window ends at `endsAt`, when the password locks again. */
  "vaultline/checkout.started": z.object({ tenantId, requestId: z.uuid(), endsAt: z.iso.datetime() }),
  /** An import was started: its job stages the rows, then publishes them in one transaction. */
  "vaultline/import.started": z.object({ tenantId, importId: z.uuid() }),
  /** A webhook delivery is due (new, a redelivery or a test): its body is stored in webhook_deliveries. */
  "vaultline/webhook.delivery": z.object({ tenantId, deliveryId: z.uuid() }),
  "vaultline/credential.action": z.object({
    tenantId,
    credentialId: z.uuid(),
    type: z.enum(notificationEventTypes),
    actorUserId: z.uuid().nullable(),
    occurredAt: z.iso.datetime(),
    /** A target's error text or a rule name: never a secret. */
    detail: z.string().max(1000).optional(),
  }),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventData<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;
export type JobEvent = { [N in EventName]: { name: N; data: EventData<N> } }[EventName];

/** Validates an event against its schema (a malformed event is a bug: fail where it is made). */
export function checkedEvent<E extends JobEvent>(event: E): E {
  return { name: event.name, data: eventSchemas[event.name].parse(event.data) } as E;
}

/**
 * Records events in the caller's transaction (the outbox): they exist exactly when the change that caused
 * them commits, and the dispatcher hands them to Inngest or to the embedded runner afterwards.
 */
export async function emitEvents(tx: Tx, events: JobEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(jobEvents).values(events.map((e) => ({ ...checkedEvent(e) })));
}

let wakeReader: (() => Promise<void>) | undefined;

/** The job engine registers here how to wake it; the outbox itself never imports the engine. */
export function onOutboxWake(listener: () => Promise<void>): void {
  wakeReader = listener;
}

/**
 * Wakes whoever reads the outbox, so events committed just now run at once instead of at the next poll ("Rotate
 * now", a checkout ending). Call it after the commit (`scope.afterCommit(wakeOutboxReader)`); without an engine
 * in this process it does nothing.
 */
export async function wakeOutboxReader(): Promise<void> {
  await wakeReader?.();
}
