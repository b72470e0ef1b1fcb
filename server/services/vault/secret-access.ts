import "server-only";
import { and, countDistinct, desc, eq, gt, sql, type Placeholder } from "drizzle-orm";
import { before, type Tx } from "@/db/client";
import { reusableStatement } from "@/db/reusable-statement";
import { auditEvents, isSecretHandOut, type SecretHandOutAction } from "@/db/schema";
import { AppError } from "@/server/errors";
import { emitEvents } from "@/server/events/outbox";
import type { NotificationEventType } from "@/lib/notification-events";
import type { MemberScope } from "@/server/scope";
import { queueCredentialEvent, ruleListeningFor } from "./credential-events";
import { recordAuditEvent, type AuditActor, type AuditEventInput } from "../audit/record-audit-event";

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

/** A value in a fragment: given, or the placeholder of a reusable statement (db/reusable-statement.ts). */
type Value<T> = T | Placeholder;

/** SQL: when the hand-out after the `skip` most recent (by this actor, or in the tenant) since `since` happened; null if none. */
function nthRecentHandOut(tx: Tx, tenantId: Value<string>, userId: Value<string> | null, skip: Value<number>, since: Value<Date>) {
  return tx
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
    .offset(skip)
    .limit(1);
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

type Settings = MemberScope["settings"];
type Member = { membershipId: string; userId: string };

/**
 * What one statement tells about the hand-out just recorded: when the hand-out one over each limit happened (null:
 * within the limit), and, only when the member is over the bulk-reveal threshold in its window and not yet alerted
 * about it, how many different passwords they had (null otherwise).
 */
type HandOutCheck = { mine: Date | null; everyone: Date | null; bulkPasswords: number | null; ruleListening: boolean };

/**
 * Reads the HandOutCheck in one statement, counting the hand-out this transaction has just recorded. Every part is
 * an index range scan of the partial indexes on hand-outs; the distinct count runs only when the alert is due.
 */
async function checkHandOut(
  tx: Tx,
  tenantId: string,
  userId: string,
  settings: Settings,
  now: Date,
  notify: NotificationEventType | undefined,
): Promise<HandOutCheck> {
  const limits = secretLimitsEnabled();
  const [row] = await handOutChecks[limits ? "limits" : "noLimits"][notify ? "notify" : "silent"](tx, {
    tenantId,
    userId,
    // A placeholder's value skips the column's conversion: the timestamps go as the text Drizzle would have sent.
    minuteAgo: new Date(now.getTime() - MINUTE_MS).toISOString(),
    bulkSince: new Date(now.getTime() - settings.bulkRevealMinutes * MINUTE_MS).toISOString(),
    // The hand-out one over each limit: skip as many as the limit allows.
    mineSkip: settings.secretsPerMemberPerMinute,
    everyoneSkip: settings.secretsPerWorkspacePerMinute,
    bulkSkip: settings.bulkRevealPasswords,
    notify,
  });
  const time = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));
  const count = row?.bulkPasswords;
  return {
    mine: time(row?.mine),
    everyone: time(row?.everyone),
    bulkPasswords: count === null || count === undefined ? null : Number(count),
    ruleListening: row?.ruleListening === true,
  };
}

/** checkHandOut's statement, with or without the limits and the notification rule lookup. */
function handOutCheck(limits: boolean, notify: boolean) {
  return reusableStatement(`hand_out_check_${limits}_${notify}`, (tx) => {
    const p = sql.placeholder;
    const [tenantId, userId, minuteAgo, bulkSince] = [p("tenantId"), p("userId"), p("minuteAgo"), p("bulkSince")];
    const never = sql`null::timestamptz`;
    const mineSince = and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.actorUserId, userId), gt(auditEvents.at, bulkSince));
    const alerted = tx.select({ one: sql`1` }).from(auditEvents).where(and(mineSince, eq(auditEvents.action, BULK_REVEAL_ACTION)));
    const distinctPasswords = tx
      .select({ passwords: countDistinct(auditEvents.targetId) })
      .from(auditEvents)
      .where(and(mineSince, isSecretHandOut(auditEvents.action)));
    // "offset 0" keeps the inner select from being flattened into the outer, which would evaluate its parts twice.
    const parts = sql`(select
      (${limits ? nthRecentHandOut(tx, tenantId, userId, p("mineSkip"), minuteAgo) : never}) as mine,
      (${limits ? nthRecentHandOut(tx, tenantId, null, p("everyoneSkip"), minuteAgo) : never}) as everyone,
      exists (${nthRecentHandOut(tx, tenantId, userId, p("bulkSkip"), bulkSince)}) as over_bulk,
      exists (${alerted}) as alerted,
      ${notify ? sql`exists (${ruleListeningFor(tx, tenantId, p("notify"))})` : sql`false`} as rule_listening
      offset 0) as hand_out`;
    return tx
      .select({
        mine: sql<unknown>`mine`,
        everyone: sql<unknown>`everyone`,
        ruleListening: sql<boolean>`rule_listening`,
        bulkPasswords: sql<unknown>`case when over_bulk and not alerted then (${distinctPasswords}) end`,
      })
      .from(parts);
  });
}
const handOutChecks = {
  limits: { notify: handOutCheck(true, true), silent: handOutCheck(true, false) },
  noLimits: { notify: handOutCheck(false, true), silent: handOutCheck(false, false) },
};

/**
 * Refuses with TOO_MANY_REQUESTS (and the seconds until a slot frees up) when the member, or the whole workspace,
 * has had more secrets handed out in the last minute, this one included, than the workspace settings allow. The
 * refusal rolls back the request's transaction, and with it the hand-out's audit row.
 */
function enforceLimits(check: HandOutCheck, settings: Settings, now: Date): void {
  if (check.mine) throw limitReached(settings.secretsPerMemberPerMinute, "You have", check.mine, now);
  if (check.everyone) throw limitReached(settings.secretsPerWorkspacePerMinute, "This workspace has", check.everyone, now);
}

/**
 * Refuses with TOO_MANY_REQUESTS, as a reveal would be refused now, when the member or the workspace has already had
 * as many secrets handed out in the last minute as the settings allow: for an export, which hands out many secrets
 * at once under its own guards (a fresh confirmation, owners told) but must not start while the member is held back.
 */
export async function assertUnderHandOutLimits(scope: MemberScope): Promise<void> {
  if (!secretLimitsEnabled()) return;
  const { db: tx, tenantId, member, settings } = scope;
  const now = new Date();
  const minuteAgo = new Date(now.getTime() - MINUTE_MS);
  const [[mine], [everyone]] = await Promise.all([
    nthRecentHandOut(tx, tenantId, member.userId, settings.secretsPerMemberPerMinute - 1, minuteAgo),
    nthRecentHandOut(tx, tenantId, null, settings.secretsPerWorkspacePerMinute - 1, minuteAgo),
  ]);
  enforceLimits({ mine: mine?.at ?? null, everyone: everyone?.at ?? null, bulkPasswords: null, ruleListening: false }, settings, now);
}

/** The audit action of the bulk-reveal alert; its actor is the member it is about. */
const BULK_REVEAL_ACTION = "security.bulk_reveal";

/**
 * The bulk-reveal alert, when this member has now had more different passwords than the workspace's threshold in its
 * window and no alert about them was raised within that window (checkHandOut): audits the alert and queues the
 * "bulk_reveal" notification (ids and counts only). Hand-outs that cross the threshold at the same moment may raise
 * it twice; never zero times.
 */
async function raiseBulkReveal(tx: Tx, tenantId: string, member: Member, audit: AuditActor, settings: Settings, passwords: number, now: Date) {
  const { bulkRevealPasswords: threshold, bulkRevealMinutes: minutes } = settings;
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
 * Hands one secret to a member: records the audit event in the caller's transaction, refuses when that breaks a
 * hand-out limit (unless VAULTLINE_RATE_LIMITS=off), then opens the secret with `open` and raises the bulk-reveal
 * alert when it is due; with `notify`, also queues that notification event when a rule listens for it. The only way
 * a service may give a stored secret to a member.
 */
export async function handOutSecret<T>(
  scope: MemberScope,
  event: AuditEventInput & { action: SecretHandOutAction; target: { type: "credential"; id: string } },
  open: () => Promise<T>,
  notify?: NotificationEventType,
): Promise<T> {
  // The settings came with the request's membership, in this transaction: no second read of the tenant row.
  const { db: tx, tenantId, member, audit, settings } = scope;
  const now = new Date();
  // Recorded first, then checked in one statement that counts it (sent behind it, one round trip): a refusal rolls the
  // row back with the request.
  const check = await before(recordAuditEvent(tx, tenantId, audit, event), () => checkHandOut(tx, tenantId, member.userId, settings, now, notify));
  enforceLimits(check, settings, now);
  const secret = await open();
  if (check.bulkPasswords !== null) await raiseBulkReveal(tx, tenantId, member, audit, settings, check.bulkPasswords, now);
  if (notify && check.ruleListening) {
    await queueCredentialEvent(tx, tenantId, { type: notify, credentialId: event.target.id, actorUserId: audit.userId });
  }
  return secret;
}
