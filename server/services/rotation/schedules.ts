import "server-only";
import { CronExpressionParser } from "cron-parser";
import { and, eq, inArray, isNull, lte, notExists, sql } from "drizzle-orm";
import { z } from "zod";
import { credentials, rotationRuns, rotationSchedules, rotationTargets } from "@/db/schema";
import { AppError, badInput, notFound } from "@/server/errors";
import { withTenantScope, type MemberScope, type TenantScope } from "@/server/scope";
import { audit, type AuditActor } from "../audit/record-audit-event";
import { tenantsWithWorkDue } from "../tenants/directory";
import { levelAtLeast } from "@/lib/permissions";
import { requireCredentialAction, subjectPermission } from "../sharing/permissions";
import { loadHolder } from "../vault/holders";
import { requestHealthCheck, requestRotation } from "./runs";
import { requireRotationSetUp } from "./targets";

export const scheduleScopeInput = z.union(
  [z.object({ credentialId: z.uuid({ error: "Password id must be a UUID." }) }), z.object({ customerId: z.uuid({ error: "Customer id must be a UUID." }) })],
  { error: "A schedule belongs to a password or to a customer." },
);

export const setScheduleInput = z.object({
  scope: scheduleScopeInput,
  rule: z.discriminatedUnion(
    "type",
    [
      z.object({
        type: z.literal("every"),
        days: z
          .number({ error: "Days must be a number." })
          .int("Days must be a whole number.")
          .min(1, "Rotate at most once a day (1 day or more).")
          .max(3650, "Rotate at least every 3650 days."),
      }),
      z.object({ type: z.literal("cron"), expression: z.string().trim().min(1, "Cron expression is required.").max(120) }),
    ],
    { error: "Schedule must be every N days or a cron expression." },
  ),
  enabled: z.boolean({ error: "Enabled must be on or off." }).default(true),
  /** Agent devices offline when the rotation is due: queue it until they check in, or fail it. */
  whenOffline: z.enum(["queue", "fail"], { error: 'When offline must be "queue" or "fail".' }).default("queue"),
});

/** The next time a schedule fires after `from`: N days later, or the cron expression's next match (UTC). */
export function nextRunAfter(rule: { everyDays: number | null; cron: string | null }, from: Date): Date {
  if (rule.everyDays !== null) return new Date(from.getTime() + rule.everyDays * 86_400_000);
  return CronExpressionParser.parse(rule.cron!, { currentDate: from, tz: "UTC" }).next().toDate();
}

function parseCron(expression: string): string {
  if (expression.split(/\s+/).length !== 5) throw badInput("rule.expression", "Cron must have 5 fields: minute hour day-of-month month day-of-week, like 0 3 * * 1.");
  try {
    CronExpressionParser.parse(expression, { tz: "UTC" });
  } catch (error) {
    throw badInput("rule.expression", `That cron expression is not valid: ${(error as Error).message}`);
  }
  return expression;
}

/** What a schedule belongs to: a credential or a customer. */
type ScheduleOf = z.infer<typeof scheduleScopeInput>;

const scheduleOf = (tenantId: string, of: ScheduleOf) =>
  "credentialId" in of
    ? and(eq(rotationSchedules.tenantId, tenantId), eq(rotationSchedules.credentialId, of.credentialId))
    : and(eq(rotationSchedules.tenantId, tenantId), eq(rotationSchedules.customerId, of.customerId));

/**
 * Throws unless the member may change this schedule: full access on the credential (configureRotation), or on the
 * customer as a whole for a customer's schedule. NOT_FOUND for an unknown or hidden one.
 */
async function requireScheduleSetUp(scope: MemberScope, of: ScheduleOf) {
  if ("credentialId" in of) return requireRotationSetUp(scope, of.credentialId);
  const customer = await loadHolder(scope, "customer", of.customerId);
  const permission = await subjectPermission(scope, { customerId: customer.id });
  if (!levelAtLeast(permission.level, "full")) {
    const have = permission.level === "none" ? "no access to all of it" : `${permission.level} access`;
    throw new AppError("FORBIDDEN", `You need full access to ${customer.name} to change its rotation schedule; you have ${have}.`);
  }
}

/** Sets the rotation schedule of a credential or a customer (needs full on it); the first run is one period from now. */
export async function setRotationSchedule(scope: MemberScope, raw: z.input<typeof setScheduleInput>) {
  const { db: tx, tenantId } = scope;
  const input = setScheduleInput.parse(raw);
  await requireScheduleSetUp(scope, input.scope);
  const rule = input.rule.type === "every" ? { everyDays: input.rule.days, cron: null } : { everyDays: null, cron: parseCron(input.rule.expression) };
  const values = { ...rule, enabled: input.enabled, whenOffline: input.whenOffline, nextRunAt: nextRunAfter(rule, new Date()) };
  const [existing] = await tx.select({ id: rotationSchedules.id }).from(rotationSchedules).where(scheduleOf(tenantId, input.scope));
  if (existing) await tx.update(rotationSchedules).set(values).where(eq(rotationSchedules.id, existing.id));
  else await tx.insert(rotationSchedules).values({ tenantId, ...input.scope, ...values, createdBy: scope.member.userId });
  const target = "credentialId" in input.scope ? { type: "credential", id: input.scope.credentialId } : { type: "customer", id: input.scope.customerId };
  await audit(scope, {
    action: "rotation.schedule_set",
    target,
    details: { everyDays: rule.everyDays, cron: rule.cron, enabled: input.enabled },
  });
  return getRotationSchedule(scope, input.scope);
}

/** Removes the rotation schedule of a credential or a customer (needs full on it). */
export async function removeRotationSchedule(scope: MemberScope, of: ScheduleOf) {
  await requireScheduleSetUp(scope, of);
  const removed = await scope.db.delete(rotationSchedules).where(scheduleOf(scope.tenantId, of)).returning({ id: rotationSchedules.id });
  if (removed.length === 0) throw notFound("Rotation schedule");
  const target = "credentialId" in of ? { type: "credential", id: of.credentialId } : { type: "customer", id: of.customerId };
  await audit(scope, { action: "rotation.schedule_removed", target });
}

/** The schedule of a credential or customer the member sees (NOT_FOUND for a hidden one), or null without one. */
export async function viewRotationSchedule(scope: MemberScope, of: ScheduleOf) {
  // The check and the read in one round trip; the schedule goes out only once the check passes.
  const [, schedule] = await Promise.all([
    "credentialId" in of ? requireCredentialAction(scope, of.credentialId, "see") : loadHolder(scope, "customer", of.customerId),
    getRotationSchedule(scope, of),
  ]);
  return schedule;
}

export async function getRotationSchedule(scope: TenantScope, of: ScheduleOf) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({
      everyDays: rotationSchedules.everyDays,
      cron: rotationSchedules.cron,
      enabled: rotationSchedules.enabled,
      whenOffline: rotationSchedules.whenOffline,
      nextRunAt: rotationSchedules.nextRunAt,
      lastRunAt: rotationSchedules.lastRunAt,
    })
    .from(rotationSchedules)
    .where(scheduleOf(tenantId, of));
  return row ?? null;
}

/** Tenants with a schedule due. */
export function tenantsDueForRotation(now: Date): Promise<string[]> {
  return tenantsWithWorkDue("vaultline_tenants_due_for_rotation", now);
}

const scheduleActor: AuditActor = { userId: null, label: "rotation schedule" };

/**
 * Starts the rotations of every due schedule of one tenant and moves each schedule to its next time. A
 * customer's schedule covers its credentials that have a connector and no schedule of their own; a credential
 * already rotating is skipped. Locked rows are skipped, so two runners never start the same schedule twice.
 */
export async function startDueRotations(tenantId: string, now: Date): Promise<{ started: number }> {
  return withTenantScope(tenantId, scheduleActor, async (scope) => {
    const tx = scope.db;
    const due = await tx
      .select()
      .from(rotationSchedules)
      .where(and(eq(rotationSchedules.tenantId, tenantId), eq(rotationSchedules.enabled, true), lte(rotationSchedules.nextRunAt, now)))
      .for("update", { skipLocked: true });
    let started = 0;
    for (const schedule of due) {
      const credentialIds = schedule.credentialId ? [schedule.credentialId] : await customerRotatables(scope, schedule.customerId!);
      for (const credentialId of credentialIds) {
        const run = await requestRotation(scope, { credentialId, trigger: "schedule", scheduleId: schedule.id }).catch(
          (error: unknown) => {
            // A credential whose target was removed since: the schedule simply has nothing to do for it.
            if ((error as { code?: string }).code === "BAD_REQUEST" || (error as { code?: string }).code === "NOT_FOUND") return null;
            throw error;
          },
        );
        if (run) started += 1;
      }
      await tx
        .update(rotationSchedules)
        .set({ lastRunAt: now, nextRunAt: nextRunAfter(schedule, now) })
        .where(eq(rotationSchedules.id, schedule.id));
    }
    return { started };
  });
}

async function customerRotatables(scope: TenantScope, customerId: string): Promise<string[]> {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .select({ id: credentials.id })
    .from(credentials)
    .innerJoin(rotationTargets, and(eq(rotationTargets.tenantId, credentials.tenantId), eq(rotationTargets.credentialId, credentials.id)))
    .where(
      and(
        eq(credentials.tenantId, tenantId),
        eq(credentials.customerId, customerId),
        isNull(credentials.deletedAt),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(rotationSchedules)
            .where(and(eq(rotationSchedules.tenantId, tenantId), eq(rotationSchedules.credentialId, credentials.id))),
        ),
      ),
    );
  return rows.map((r) => r.id);
}

/** Queues the daily health check of every stored password with a checkable target (one check in flight each). */
export async function startHealthChecks(tenantId: string): Promise<{ started: number }> {
  return withTenantScope(tenantId, { userId: null, label: "health check schedule" }, async (scope) => {
    const tx = scope.db;
    const rows = await tx
      .select({ id: credentials.id })
      .from(credentials)
      .innerJoin(rotationTargets, and(eq(rotationTargets.tenantId, credentials.tenantId), eq(rotationTargets.credentialId, credentials.id)))
      .where(
        and(
          eq(credentials.tenantId, tenantId),
          isNull(credentials.deletedAt),
          eq(rotationTargets.healthCheck, true),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(rotationRuns)
              .where(
                and(
                  eq(rotationRuns.tenantId, tenantId),
                  eq(rotationRuns.credentialId, credentials.id),
                  eq(rotationRuns.kind, "health_check"),
                  inArray(rotationRuns.status, ["queued", "running"]),
                ),
              ),
          ),
        ),
      );
    for (const { id } of rows) await requestHealthCheck(scope, { credentialId: id, trigger: "health_schedule" });
    return { started: rows.length };
  });
}
