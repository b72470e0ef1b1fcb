import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import { accessRequests, credentials, customers, defaultTenantSettings, memberships, tenants, users } from "@/db/schema";
import type { AccessChange } from "@/lib/access-requests";
import { accessEventEmail } from "@/server/email/notification-templates";
import { appUrl, sendTenantEmail } from "@/server/email/send-email";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { effectivePermission } from "../sharing/permissions";
import { approverMembershipIds, effectiveAccessPolicy } from "./policies";

/** Who hears of each change: the approvers (something to decide or to know), the requester (their request moved). */
const AUDIENCE: Record<AccessChange, { approvers: boolean; requester: boolean }> = {
  requested: { approvers: true, requester: false },
  cancelled: { approvers: true, requester: false },
  checked_in: { approvers: true, requester: false },
  expired: { approvers: true, requester: true },
  approved: { approvers: false, requester: true },
  queued: { approvers: false, requester: true },
  checked_out: { approvers: false, requester: true },
  denied: { approvers: false, requester: true },
  revoked: { approvers: false, requester: true },
};

async function loadRequest(scope: TenantScope, requestId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({
      credentialId: accessRequests.credentialId,
      requesterMembershipId: accessRequests.requesterMembershipId,
      decidedByMembershipId: accessRequests.decidedByMembershipId,
      endedByMembershipId: accessRequests.endedByMembershipId,
      reason: accessRequests.reason,
      ticketId: accessRequests.ticketId,
      windowMinutes: accessRequests.windowMinutes,
      windowEndsAt: accessRequests.windowEndsAt,
      decisionNote: accessRequests.decisionNote,
      rotationRunId: accessRequests.rotationRunId,
      credentialName: credentials.name,
      customerName: customers.name,
      tenantName: tenants.name,
      slug: tenants.slug,
      settings: tenants.settings,
    })
    .from(accessRequests)
    .innerJoin(tenants, eq(tenants.id, accessRequests.tenantId))
    .innerJoin(credentials, and(eq(credentials.tenantId, accessRequests.tenantId), eq(credentials.id, accessRequests.credentialId)))
    .innerJoin(customers, and(eq(customers.tenantId, credentials.tenantId), eq(customers.id, credentials.customerId)))
    .where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, requestId)));
  return row ?? null;
}

/** "Name <email>" of the members involved (the requester, who decided, who ended it). */
async function memberLabels(scope: TenantScope, ids: (string | null)[]) {
  const { db: tx, tenantId } = scope;
  const wanted = ids.filter((id): id is string => id !== null);
  const rows = wanted.length
    ? await tx
        .select({ id: memberships.id, name: users.name, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.id, wanted)))
    : [];
  return new Map(rows.map((r) => [r.id, { label: `${r.name} <${r.email}>`, email: r.email }]));
}

/**
 * The approvers' addresses: those the policies name who can see the password (a restricted technician may not),
 * or every owner and admin when none is left.
 */
async function approverEmails(scope: TenantScope, credentialId: string, exceptMembershipId: string, restrictTechniciansToShared: boolean) {
  const { db: tx, tenantId } = scope;
  const policy = await effectiveAccessPolicy(scope, credentialId);
  const named = await approverMembershipIds(scope, policy?.policyIds ?? []);
  const candidates = named.length
    ? await tx
        .select({ membershipId: memberships.id, userId: users.id, role: memberships.role, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active"), ne(memberships.id, exceptMembershipId), inArray(memberships.id, named)))
    : [];
  const emails: string[] = [];
  for (const m of candidates) {
    if ((await effectivePermission(scope, { ...m, restrictTechniciansToShared }, credentialId)).visible) emails.push(m.email);
  }
  if (emails.length > 0) return emails;
  const admins = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active"), ne(memberships.id, exceptMembershipId), inArray(memberships.role, ["owner", "admin"])),
    );
  return admins.map((a) => a.email);
}

/** Sending these emails records nothing in the audit trail: the change itself was audited when it happened. */
const NOTIFIER = { userId: null, label: "access notifications" };

/**
 * Emails the people an access-request change concerns (see AUDIENCE), with the password's name and place, the
 * reason and the window; the one who acted is not told of their own action.
 */
export async function deliverAccessChange(tenantId: string, requestId: string, change: AccessChange): Promise<{ sent: number }> {
  const outgoing = await withTenantScope(tenantId, NOTIFIER, async (scope) => {
    const row = await loadRequest(scope, requestId);
    if (!row) return [];
    const r = row;
    const people = await memberLabels(scope, [r.requesterMembershipId, r.decidedByMembershipId, r.endedByMembershipId]);
    const requester = people.get(r.requesterMembershipId);
    const audience = AUDIENCE[change];
    const to = new Set<string>();
    if (audience.approvers) for (const email of await approverEmails(scope, r.credentialId, r.requesterMembershipId, { ...defaultTenantSettings, ...r.settings }.restrictTechniciansToShared === true)) to.add(email);
    // A request cancelled by someone else (an admin lifting approval) is news to its requester.
    const cancelledForThem = change === "cancelled" && r.endedByMembershipId !== r.requesterMembershipId;
    if ((audience.requester || cancelledForThem) && requester) to.add(requester.email);
    const actorId = change === "approved" || change === "queued" || change === "denied" ? r.decidedByMembershipId : change === "revoked" ? r.endedByMembershipId : null;
    const actor = actorId ? (people.get(actorId)?.label ?? null) : null;
    const email = accessEventEmail({
      tenantName: row.tenantName,
      terminology: { ...defaultTenantSettings, ...row.settings }.terminology,
      change,
      credentialName: row.credentialName,
      customerName: row.customerName,
      requester: requester?.label ?? "A former member",
      actor,
      reason: r.reason,
      ticketId: r.ticketId,
      windowMinutes: r.windowMinutes,
      windowEndsAt: r.windowEndsAt,
      note: r.decisionNote,
      rotation: r.rotationRunId ? "A new password is being set (rotation started when the checkout ended)." : null,
      url: `${appUrl()}/${row.slug}/requests`,
    });
    return [...to].map((address) => ({ to: address, email }));
  });
  for (const mail of outgoing) await sendTenantEmail(tenantId, mail.to, mail.email);
  return { sent: outgoing.length };
}
