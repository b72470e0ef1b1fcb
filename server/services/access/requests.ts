import "server-only";
import { and, asc, count, desc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { accessRequests, credentials, customers, MAX_CHECKOUT_MINUTES, memberships, users, type AccessRequestStatus } from "@/db/schema";
import { memberRoleValues } from "@/lib/validation";
import { workspaceRoleAllows } from "@/lib/permissions";
import { AppError, badInput, notFound } from "@/server/errors";
import { emitEvents } from "@/server/events/outbox";
import { type Member, type MemberScope, type TenantScope, withTenantScope } from "@/server/scope";
import { requestRotation } from "../rotation/runs";
import { groupsOfCredential, requireCredentialAction, visibleCredentialsCondition } from "../sharing/permissions";
import { recordAccessChange } from "./changes";
import { loadLiveCredential } from "../sharing/shares";
import { effectiveAccessPolicy } from "./policies";

const requestId = z.uuid({ error: "Request id is invalid." });
export const requestIdInput = z.object({ requestId });

export const requestAccessInput = z.object({
  credentialId: z.uuid({ error: "Password id is invalid." }),
  reason: z
    .string({ error: "Say why you need this password." })
    .trim()
    .min(3, { error: "Say why you need this password (at least 3 characters)." })
    .max(500, { error: "The reason can be at most 500 characters." }),
  ticketId: z
    .string({ error: "Ticket id must be text." })
    .trim()
    .max(100, { error: "Ticket id can be at most 100 characters." })
    .optional()
    .transform((v) => v || undefined),
  /** How long the checkout should last; the policy's maximum when not given. */
  minutes: z
    .number({ error: "Duration must be a number of minutes." })
    .int({ error: "Duration must be whole minutes." })
    .min(1, { error: "Duration must be at least 1 minute." })
    .max(MAX_CHECKOUT_MINUTES, { error: `Duration can be at most ${MAX_CHECKOUT_MINUTES} minutes.` })
    .optional(),
});

export const decideAccessInput = z.object({
  requestId,
  decision: z.enum(["approve", "deny"], { error: "Decision must be approve or deny." }),
  note: z.string({ error: "Note must be text." }).trim().max(500, { error: "The note can be at most 500 characters." }).optional(),
});

export const accessRequestViews = ["to_decide", "mine", "active", "history"] as const;
export const listAccessRequestsInput = z.object({
  view: z.enum(accessRequestViews, { error: `View must be one of: ${accessRequestViews.join(", ")}.` }),
  page: z.number().int().min(1, { error: "Page must be 1 or more." }).default(1),
  pageSize: z.number().int().min(1).max(100, { error: "At most 100 per page." }).default(25),
});

const OPEN: AccessRequestStatus[] = ["pending", "queued", "checked_out"];
const ENDED: AccessRequestStatus[] = ["denied", "cancelled", "checked_in", "expired", "revoked"];
const overseesRequests = (v: Member) => workspaceRoleAllows(v.role, "overseeAccessRequests");

/**
 * The outer "access_requests" row's columns, always qualified: drizzle leaves columns unqualified in the select
 * list of a one-table query, where the subqueries below would read them as their own tables' columns. It strips
 * only a select expression's top-level columns, so a column nested in its own fragment keeps its table.
 */
const qualified = (column: AnyPgColumn) => sql`${column}`;
const outerRequest = {
  tenantId: qualified(accessRequests.tenantId),
  id: qualified(accessRequests.id),
  credentialId: qualified(accessRequests.credentialId),
  queuedAt: qualified(accessRequests.queuedAt),
};

/**
 * SQL: the member may decide the current "access_requests" row: owners and admins, or an approver of a policy on
 * it who can see the password (a restricted technician named through a group decides only what is shared with them).
 */
function canDecideSql(member: Member): SQL {
  if (overseesRequests(member)) return sql`true`;
  return namedApprover(sql`${member.membershipId}`, outerRequest.tenantId, outerRequest.credentialId, visibleCredentialsCondition(member));
}

/**
 * SQL: the membership `membershipId` is named an approver (directly or through a user group) of an access policy on
 * the password, and `credentialVisible` (if any) holds for it.
 */
function namedApprover(membershipId: SQL, tenantId: SQL, credentialId: SQL, credentialVisible?: SQL): SQL {
  return sql`exists (select 1 from credentials
    join access_policies ap on ap.tenant_id = "credentials"."tenant_id"
      and (ap.credential_id = "credentials"."id" or ap.credential_group_id in (${groupsOfCredential}))
    join access_policy_approvers apa on apa.tenant_id = ap.tenant_id and apa.policy_id = ap.id
    where "credentials"."tenant_id" = ${tenantId} and "credentials"."id" = ${credentialId}
      and (apa.membership_id = ${membershipId} or apa.user_group_id in (select ugm.group_id from user_group_members ugm
        where ugm.tenant_id = apa.tenant_id and ugm.membership_id = ${membershipId}))
      and ${credentialVisible ?? sql`true`})`;
}

const overseeingRoles = memberRoleValues.filter((role) => workspaceRoleAllows(role, "overseeAccessRequests"));

/**
 * How many active members besides this one could decide a request for the password: owners and admins, and the
 * policy's named approvers. (A named approver who cannot see the password is still counted: they are told of the
 * request and can be given a share.) Zero means the member's request would wait for nobody.
 */
async function otherApprovers(scope: MemberScope, credentialId: string): Promise<number> {
  const { db: tx, tenantId, member } = scope;
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.tenantId, tenantId),
        eq(memberships.status, "active"),
        ne(memberships.id, member.membershipId),
        or(inArray(memberships.role, overseeingRoles), namedApprover(sql`${memberships.id}`, sql`${tenantId}`, sql`${credentialId}`)),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Asks for a checkout of a password that needs approval, with a reason (and a ticket id where the policy asks).
 * The requester needs at least view on it (a checkout unlocks what their permission allows, never more).
 * One open request per member and password. Approvers are notified.
 */
export async function requestAccess(scope: MemberScope, input: z.infer<typeof requestAccessInput>) {
  const { db: tx, tenantId, member } = scope;
  const credential = await loadLiveCredential(scope, input.credentialId);
  await requireCredentialAction(scope, credential.id, "requestAccess");
  const policy = await effectiveAccessPolicy(scope, credential.id);
  if (!policy) throw badInput("credentialId", "This password does not need approval: use it directly.");
  if (policy.requireTicket && !input.ticketId) throw badInput("ticketId", "A ticket id is required to request this password.");
  const minutes = input.minutes ?? policy.maxCheckoutMinutes;
  if (minutes > policy.maxCheckoutMinutes) {
    throw badInput("minutes", `This password can be checked out for at most ${policy.maxCheckoutMinutes} minutes.`);
  }
  const [created] = await tx
    .insert(accessRequests)
    .values({
      tenantId,
      credentialId: credential.id,
      requesterMembershipId: member.membershipId,
      reason: input.reason,
      ticketId: input.ticketId ?? null,
      windowMinutes: minutes,
    })
    .onConflictDoNothing({
      target: [accessRequests.tenantId, accessRequests.credentialId, accessRequests.requesterMembershipId],
      where: sql`status in ('pending', 'queued', 'checked_out')`,
    })
    .returning({ id: accessRequests.id, credentialId: accessRequests.credentialId });
  if (!created) throw new AppError("CONFLICT", "You already have an open request or checkout for this password.", "credentialId");
  await recordAccessChange(scope, "requested", created, { minutes, ticketId: input.ticketId ?? null, reason: input.reason });
  return { requestId: created.id };
}

/** Locks the credential (serialising everything that starts or ends its checkouts), then the request. */
async function lockRequest(scope: TenantScope, id: string) {
  const { db: tx, tenantId } = scope;
  const [peek] = await tx
    .select({ credentialId: accessRequests.credentialId })
    .from(accessRequests)
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, id)));
  if (!peek) throw notFound("Access request");
  await tx
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, peek.credentialId)))
    .for("update");
  const [row] = await tx
    .select()
    .from(accessRequests)
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, id)))
    .for("update");
  return row!;
}
type RequestRow = Awaited<ReturnType<typeof lockRequest>>;

/** Starts the checkout now (the credential is locked by the caller, and nobody else holds it). */
async function startCheckout(scope: TenantScope, request: RequestRow) {
  const { db: tx, tenantId } = scope;
  const [started] = await tx
    .update(accessRequests)
    .set({
      status: "checked_out",
      checkedOutAt: sql`now()`,
      windowEndsAt: sql`now() + make_interval(mins => ${request.windowMinutes})`,
    })
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)))
    .returning({ windowEndsAt: accessRequests.windowEndsAt });
  const endsAt = started!.windowEndsAt!;
  // The window's end is a job: it locks the password again (and rotates it) even if nobody checks it in.
  await emitEvents(tx, [{ name: "vaultline/checkout.started", data: { tenantId, requestId: request.id, endsAt: endsAt.toISOString() } }]);
  return endsAt;
}

async function holderOf(scope: TenantScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ id: accessRequests.id })
    .from(accessRequests)
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.credentialId, credentialId), eq(accessRequests.status, "checked_out")));
  return row ?? null;
}

/**
 * Approves or denies a pending request. Approvers of a policy on the password decide, and owners and admins
 * always may (so no request is stuck); nobody decides their own. An approval starts the checkout at once, or
 * queues it behind the one in progress (one checkout at a time per password).
 */
export async function decideAccessRequest(scope: MemberScope, input: z.infer<typeof decideAccessInput>) {
  const { db: tx, tenantId, member } = scope;
  const request = await lockRequest(scope, input.requestId);
  const [allowed] = await tx
    .select({ ok: sql<boolean>`${canDecideSql(member)}` })
    .from(accessRequests)
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
  if (!allowed?.ok) throw notFound("Access request");
  if (request.requesterMembershipId === member.membershipId) throw new AppError("FORBIDDEN", "You cannot decide your own request: another approver must.");
  if (request.status !== "pending") throw new AppError("CONFLICT", `This request was already ${statusWords[request.status]}.`, "requestId");
  const decided = { decidedByMembershipId: member.membershipId, decidedAt: new Date(), decisionNote: input.note || null };
  if (input.decision === "deny") {
    await tx.update(accessRequests).set({ status: "denied", ...decided, endedAt: new Date() }).where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
    await recordAccessChange(scope, "denied", request, { note: input.note || null });
    return { status: "denied" as const, windowEndsAt: null };
  }
  // The policy as it is now: a window shortened since the request was made applies.
  const policy = await effectiveAccessPolicy(scope, request.credentialId);
  const windowMinutes = Math.min(request.windowMinutes, policy?.maxCheckoutMinutes ?? request.windowMinutes);
  await tx
    .update(accessRequests)
    .set({ ...decided, rotateOnCheckIn: policy?.rotateOnCheckIn ?? false, windowMinutes })
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
  if (await holderOf(scope, request.credentialId)) {
    await tx.update(accessRequests).set({ status: "queued", queuedAt: new Date() }).where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
    await recordAccessChange(scope, "queued", request, { note: input.note || null });
    return { status: "queued" as const, windowEndsAt: null };
  }
  const windowEndsAt = await startCheckout(scope, { ...request, windowMinutes });
  await recordAccessChange(scope, "approved", request, { note: input.note || null, windowEndsAt: windowEndsAt.toISOString() });
  return { status: "checked_out" as const, windowEndsAt };
}

const statusWords: Record<AccessRequestStatus, string> = {
  pending: "waiting for a decision",
  queued: "approved and queued",
  checked_out: "approved and checked out",
  denied: "denied",
  cancelled: "cancelled",
  checked_in: "checked in",
  expired: "expired",
  revoked: "revoked",
};

/** The requester withdraws a request that has not started (pending or queued). */
export async function cancelAccessRequest(scope: MemberScope, id: string) {
  const { db: tx, tenantId, member } = scope;
  const request = await lockRequest(scope, id);
  if (request.requesterMembershipId !== member.membershipId) throw notFound("Access request");
  if (request.status !== "pending" && request.status !== "queued") {
    throw new AppError("CONFLICT", `This request is ${statusWords[request.status]}: only a waiting request can be cancelled.`, "requestId");
  }
  await tx.update(accessRequests).set({ status: "cancelled", endedAt: new Date(), endedByMembershipId: member.membershipId }).where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
  await recordAccessChange(scope, "cancelled", request);
  return { status: "cancelled" as const };
}

/**
 * Ends a checkout (or drops a queued approval): locks the password again, rotates it when the checkout was approved
 * with "rotate on check-in", and hands the password to the next queued approval. A rotation that cannot start
 * (no target any more, one already running) is audited, never silently skipped.
 */
async function endCheckout(scope: TenantScope, request: RequestRow, status: "checked_in" | "expired" | "revoked", endedBy: string | null) {
  const { db: tx, tenantId } = scope;
  await tx
    .update(accessRequests)
    .set({ status, endedAt: new Date(), endedByMembershipId: endedBy })
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
  let rotationRunId: string | null = null;
  let rotationNote: string | null = null;
  if (request.status === "checked_out" && request.rotateOnCheckIn) {
    try {
      const run = await requestRotation(
        { ...scope, audit: { userId: scope.audit.userId, label: `${scope.audit.label} (checkout ended)` } },
        { credentialId: request.credentialId, trigger: "checkout" },
      );
      rotationRunId = run?.runId ?? null;
      if (!run) rotationNote = "A rotation of this password was already queued or running.";
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      rotationNote = `Not rotated: ${error.message}`;
    }
    if (rotationRunId) await tx.update(accessRequests).set({ rotationRunId }).where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
  }
  await recordAccessChange(scope, status, request, { rotationRunId, rotationNote });
  if (request.status === "checked_out") await startNextInQueue(scope, request.credentialId);
  return { status, rotationRunId, rotationNote };
}

/** The oldest queued approval of the password becomes its checkout, its window starting now. */
async function startNextInQueue(scope: TenantScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  const [next] = await tx
    .select()
    .from(accessRequests)
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.credentialId, credentialId), eq(accessRequests.status, "queued")))
    .orderBy(asc(accessRequests.queuedAt), asc(accessRequests.id))
    .limit(1)
    .for("update");
  if (!next) return;
  const windowEndsAt = await startCheckout(scope, next);
  await recordAccessChange(scope, "checked_out", next, { fromQueue: true, windowEndsAt: windowEndsAt.toISOString() });
}

/** The requester (or an owner/admin) is done with the password before the window ends. */
export async function checkInAccess(scope: MemberScope, id: string) {
  const { member } = scope;
  const request = await lockRequest(scope, id);
  const mine = request.requesterMembershipId === member.membershipId;
  if (!mine && !overseesRequests(member)) throw notFound("Access request");
  if (request.status !== "checked_out") throw new AppError("CONFLICT", `This request is ${statusWords[request.status]}: there is no checkout to check in.`, "requestId");
  return endCheckout(scope, request, "checked_in", member.membershipId);
}

/** An owner or admin ends a checkout at once, or withdraws a queued approval. */
export async function revokeAccess(scope: MemberScope, id: string) {
  const { member } = scope;
  const request = await lockRequest(scope, id);
  if (request.status !== "checked_out" && request.status !== "queued") {
    throw new AppError("CONFLICT", `This request is ${statusWords[request.status]}: only a checkout or a queued approval can be revoked.`, "requestId");
  }
  return endCheckout(scope, request, "revoked", member.membershipId);
}

/**
 * The window's end (the checkout-expiry job). Does nothing if the checkout already ended (or its password was
 * purged). A window not over yet by the database's clock (the one that set it) throws, so the job retries
 * instead of leaving the checkout open for good. Idempotent, so a retried step is harmless.
 */
export async function expireCheckout(tenantId: string, id: string): Promise<{ expired: boolean; rotationRunId: string | null }> {
  return withTenantScope(tenantId, { userId: null, label: "checkout window" }, async (scope) => {
    let request: RequestRow;
    try {
      request = await lockRequest(scope, id);
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") return { expired: false, rotationRunId: null };
      throw error;
    }
    if (request.status !== "checked_out") return { expired: false, rotationRunId: null };
    const [clock] = await scope.db
      .select({ over: sql<boolean>`${accessRequests.windowEndsAt} <= now()` })
      .from(accessRequests)
      .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, request.id)));
    if (!clock?.over) throw new Error(`The checkout window ends at ${request.windowEndsAt!.toISOString()}, later than the database's clock: retrying.`);
    const ended = await endCheckout(scope, request, "expired", null);
    return { expired: true, rotationRunId: ended.rotationRunId };
  });
}

/** SQL: the name or email of the member whose membership id is in `column` (null once they are gone). */
const memberField = (field: AnyPgColumn<{ tableName: "users" }>, membership: AnyPgColumn<{ tableName: "access_requests" }>) =>
  sql<string | null>`(select ${qualified(field)} from memberships m join users on users.id = m.user_id
    where m.tenant_id = ${outerRequest.tenantId} and m.id = ${qualified(membership)})`;

/** Who may see a request: its requester, those who may decide it (owners and admins all). */
const visibleTo = (member: Member) => or(eq(accessRequests.requesterMembershipId, member.membershipId), canDecideSql(member));

function viewCondition(member: Member, view: (typeof accessRequestViews)[number]): SQL | undefined {
  switch (view) {
    case "to_decide":
      return and(eq(accessRequests.status, "pending"), ne(accessRequests.requesterMembershipId, member.membershipId), canDecideSql(member));
    case "mine":
      return eq(accessRequests.requesterMembershipId, member.membershipId);
    case "active":
      return and(inArray(accessRequests.status, ["checked_out", "queued"]), visibleTo(member));
    case "history":
      return and(inArray(accessRequests.status, ENDED), visibleTo(member));
  }
}

/** The Approvals page: requests to decide, my own, checkouts in progress, and what has ended; a page at a time. */
export async function listAccessRequests(scope: MemberScope, input: z.infer<typeof listAccessRequestsInput>) {
  const { db: tx, tenantId, member } = scope;
  const where = and(eq(accessRequests.tenantId, tenantId), viewCondition(member, input.view));
  const [items, [total], [toDecide]] = await Promise.all([
    tx
      .select({
        id: accessRequests.id,
        status: accessRequests.status,
        credentialId: accessRequests.credentialId,
        credentialName: credentials.name,
        customerName: customers.name,
        requesterName: memberField(users.name, accessRequests.requesterMembershipId),
        requesterEmail: memberField(users.email, accessRequests.requesterMembershipId),
        mine: sql<boolean>`${accessRequests.requesterMembershipId} = ${member.membershipId}`,
        canDecide: sql<boolean>`${canDecideSql(member)} and ${accessRequests.requesterMembershipId} <> ${member.membershipId}`,
        reason: accessRequests.reason,
        ticketId: accessRequests.ticketId,
        windowMinutes: accessRequests.windowMinutes,
        rotateOnCheckIn: accessRequests.rotateOnCheckIn,
        createdAt: accessRequests.createdAt,
        deciderName: memberField(users.name, accessRequests.decidedByMembershipId),
        decidedAt: accessRequests.decidedAt,
        decisionNote: accessRequests.decisionNote,
        checkedOutAt: accessRequests.checkedOutAt,
        windowEndsAt: accessRequests.windowEndsAt,
        endedAt: accessRequests.endedAt,
        rotationRunId: accessRequests.rotationRunId,
        queuePosition: sql<number | null>`case when ${accessRequests.status} = 'queued' then (select count(*)::int from access_requests q
          where q.tenant_id = ${outerRequest.tenantId} and q.credential_id = ${outerRequest.credentialId} and q.status = 'queued'
            and (q.queued_at, q.id) <= (${outerRequest.queuedAt}, ${outerRequest.id})) end`,
      })
      .from(accessRequests)
      .innerJoin(credentials, and(eq(credentials.tenantId, accessRequests.tenantId), eq(credentials.id, accessRequests.credentialId)))
      .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
      .where(where)
      .orderBy(input.view === "to_decide" ? asc(accessRequests.createdAt) : desc(accessRequests.createdAt), asc(accessRequests.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    tx.select({ n: count() }).from(accessRequests).where(where),
    tx
      .select({ n: count() })
      .from(accessRequests)
      .where(and(eq(accessRequests.tenantId, tenantId), viewCondition(member, "to_decide"))),
  ]);
  return { items, total: total?.n ?? 0, toDecide: toDecide?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

/** How many requests wait for this member's decision (the Approvals menu entry's badge). */
export async function requestsToDecide(scope: MemberScope): Promise<number> {
  const [row] = await scope.db
    .select({ n: count() })
    .from(accessRequests)
    .where(and(eq(accessRequests.tenantId, scope.tenantId), viewCondition(scope.member, "to_decide")));
  return row?.n ?? 0;
}

/**
 * The approval state of one password as the member sees it: the policy that applies, the member's own open
 * request, who holds the checkout and how many wait. Null when the password does not need approval.
 */
export async function credentialAccessState(scope: MemberScope, credentialId: string) {
  const { db: tx, tenantId, member } = scope;
  await loadLiveCredential(scope, credentialId);
  const permission = await requireCredentialAction(scope, credentialId, "see");
  const policy = await effectiveAccessPolicy(scope, credentialId);
  if (!policy) return null;
  const open = await tx
    .select({
      id: accessRequests.id,
      status: accessRequests.status,
      mine: sql<boolean>`${accessRequests.requesterMembershipId} = ${member.membershipId}`,
      holderName: memberField(users.name, accessRequests.requesterMembershipId),
      windowEndsAt: accessRequests.windowEndsAt,
      windowMinutes: accessRequests.windowMinutes,
      rotateOnCheckIn: accessRequests.rotateOnCheckIn,
    })
    .from(accessRequests)
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.credentialId, credentialId), inArray(accessRequests.status, OPEN)))
    .orderBy(asc(accessRequests.queuedAt), asc(accessRequests.createdAt));
  const holder = open.find((r) => r.status === "checked_out") ?? null;
  const mine = open.find((r) => r.mine) ?? null;
  return {
    policy: { maxCheckoutMinutes: policy.maxCheckoutMinutes, requireTicket: policy.requireTicket, rotateOnCheckIn: policy.rotateOnCheckIn, sources: policy.sources },
    myRequest: mine
      ? {
          id: mine.id,
          status: mine.status,
          windowEndsAt: mine.windowEndsAt,
          windowMinutes: mine.windowMinutes,
          rotateOnCheckIn: mine.rotateOnCheckIn,
          queuePosition: mine.status === "queued" ? open.filter((r) => r.status === "queued").findIndex((r) => r.id === mine.id) + 1 : null,
        }
      : null,
    // Who holds it is shown to those who may decide, and to its holder; others see only that it is taken.
    checkout: holder ? { windowEndsAt: holder.windowEndsAt, holderName: holder.mine || overseesRequests(member) ? holder.holderName : null, mine: holder.mine } : null,
    queued: open.filter((r) => r.status === "queued").length,
    canRequest: permission.can.requestAccess && !mine,
    otherApprovers: await otherApprovers(scope, credentialId),
  };
}
