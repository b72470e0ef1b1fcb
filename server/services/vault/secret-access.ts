import "server-only";
import { and, countDistinct, desc, eq, gt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { auditEvents, isSecretHandOut, type SecretHandOutAction } from "@/db/schema";
import { AppError } from "@/server/errors";
import { emitEvents } from "@/server/events/outbox";
import { recordAuditEvent, type AuditActor, type AuditEventInput } from "../audit/record-audit-event";
import { getTenantSettings } from "../tenants/workspaces";

/**
 * Every path that hands a stored secret to a member (reveal, copy, TOTP code, old version, pending password) goes
 * through here: limits before the secret is opened, the audit event and the bulk-reveal alert after.
 *
 * The counters are the audit trail itself. Each hand-out is already an audit row written in its own transaction,
 * so the limits count a member's and the tenant's hand-out rows of the last minute (two small partial indexes):
 * every app instance sees them, and no reveal waits on another's lock or updates a shared counter row. The price is
 * softness under concurrency: requests in flight at the same moment do not see each other's uncommitted rows, so
 * a burst may pass the limit by as many requests as run in parallel. That bounds a harvest all the same.
 *
 * Only the columns tenant_id, at, actor_user_id, action and target_id are read, which the audit trail keeps.
 */

const MINUTE_MS = 60_000;

/** Whether the limits apply on this instance: VAULTLINE_RATE_LIMITS=off is for benchmarks only. */
const secretLimitsEnabled = () => process.env.VAULTLINE_RATE_LIMITS !== "off";

/** When the `n`-th most recent hand-out (by this actor, or in the tenant) happened since `since`; null if fewer. */
async function nthRecentHandOut(tx: Tx, tenantId: string, userId: string | null, n: number, since: Date): Promise<Date | null> {
  const [row] = await tx
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.tenantId, tenantId),
        userId ? eq(auditEvents.actorUserId, userId) : undefined,
        isSecretHandOut(auditEvents.action),
        gt(auditEvents.at, since),
      ),
    )
    .orderBy(desc(auditEvents.at))
    .offset(n - 1)
    .limit(1);
  return row?.at ?? null;
}

function limitReached(limit: number, scope: string, oldestCounted: Date, now: Date) {
  const wait = Math.max(1, Math.ceil((oldestCounted.getTime() + MINUTE_MS - now.getTime()) / 1000));
  return new AppError(
    "TOO_MANY_REQUESTS",
    `${scope} revealed or copied ${limit} secrets in the last minute, the most this workspace allows. Try again in ${wait} second${wait === 1 ? "" : "s"}.`,
    undefined,
    wait,
  );
}

type Settings = Awaited<ReturnType<typeof getTenantSettings>>;
type Member = { membershipId: string; userId: string };

/**
 * Refuses with TOO_MANY_REQUESTS (and the seconds until a slot frees up) when the member, or the whole workspace,
 * has had as many secrets handed out in the last minute as the workspace settings allow.
 */
async function enforceLimits(tx: Tx, tenantId: string, userId: string, settings: Settings, now: Date): Promise<void> {
  const since = new Date(now.getTime() - MINUTE_MS);
  const mine = await nthRecentHandOut(tx, tenantId, userId, settings.secretsPerMemberPerMinute, since);
  if (mine) throw limitReached(settings.secretsPerMemberPerMinute, "You have", mine, now);
  const everyone = await nthRecentHandOut(tx, tenantId, null, settings.secretsPerWorkspacePerMinute, since);
  if (everyone) throw limitReached(settings.secretsPerWorkspacePerMinute, "This workspace has", everyone, now);
}

/** The audit action of the bulk-reveal alert; its actor is the member it is about. */
const BULK_REVEAL_ACTION = "security.bulk_reveal";

/**
 * The bulk-reveal alert: when this member has now had more different passwords than the workspace's threshold in
 * its window, and no alert about them was raised within that window, audits the alert and queues the "bulk_reveal"
 * notification (ids and counts only). Hand-outs that cross the threshold at the same moment may raise it twice;
 * never zero times.
 */
async function checkBulkReveal(tx: Tx, tenantId: string, member: Member, audit: AuditActor, settings: Settings, now: Date) {
  const { bulkRevealPasswords: threshold, bulkRevealMinutes: minutes } = settings;
  const since = new Date(now.getTime() - minutes * MINUTE_MS);
  // Cheap first: fewer hand-outs than the threshold cannot be more different passwords than it.
  if (!(await nthRecentHandOut(tx, tenantId, member.userId, threshold + 1, since))) return;
  const mine = and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.actorUserId, member.userId), gt(auditEvents.at, since));
  const [raised] = await tx
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(and(mine, eq(auditEvents.action, BULK_REVEAL_ACTION)))
    .limit(1);
  if (raised) return;
  const [distinct] = await tx
    .select({ passwords: countDistinct(auditEvents.targetId) })
    .from(auditEvents)
    .where(and(mine, isSecretHandOut(auditEvents.action)));
  const passwords = distinct?.passwords ?? 0;
  if (passwords <= threshold) return;
  await recordAuditEvent(tx, tenantId, audit, {
    action: BULK_REVEAL_ACTION,
    target: { type: "member", id: member.membershipId },
    details: { passwords, minutes, threshold },
  });
  await emitEvents(tx, [
    {
      name: "vaultline/member.bulk-reveal",
      data: { tenantId, membershipId: member.membershipId, passwords, minutes, occurredAt: now.toISOString() },
    },
  ]);
}

/**
 * Hands one secret to a member: refuses first when a hand-out limit is reached (unless VAULTLINE_RATE_LIMITS=off),
 * then opens the secret with `open`, records the audit event in the caller's transaction, and checks the
 * bulk-reveal alert. The only way a service may give a stored secret to a member.
 */
export async function handOutSecret<T>(
  tx: Tx,
  tenantId: string,
  member: Member,
  audit: AuditActor,
  event: AuditEventInput & { action: SecretHandOutAction; target: { type: "credential"; id: string } },
  open: () => Promise<T>,
): Promise<T> {
  const now = new Date();
  const settings = await getTenantSettings(tx, tenantId);
  if (secretLimitsEnabled()) await enforceLimits(tx, tenantId, member.userId, settings, now);
  const secret = await open();
  await recordAuditEvent(tx, tenantId, audit, event);
  await checkBulkReveal(tx, tenantId, member, audit, settings, now);
  return secret;
}
