import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { enterTenant, enterUser, withInvitation, type Tx } from "@/db/client";
import { invitations, memberships, tenants, users } from "@/db/schema";
import { assessPassword } from "@/lib/password-strength";
import { mayManageRole } from "@/lib/permissions";
import { roleLabels, zEmail, zNewPassword, zPersonName, zRole, zToken } from "@/lib/validation";
import { hashPassword } from "@/server/auth/password-hash";
import { hashToken, randomToken } from "@/server/crypto";
import { appUrl, sendUserEmail } from "@/server/email/send-email";
import { invitationEmail } from "@/server/email/templates";
import { AppError, badInput, notFound } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit, recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { actingAccount } from "./members";

export const inviteInput = z.object({ email: zEmail, role: zRole });
export const invitationIdInput = z.object({ invitationId: z.uuid({ error: "Invitation id is invalid." }) });
export const invitationTokenInput = z.object({ token: zToken });
export const acceptAsNewUserInput = z.object({ token: zToken, name: zPersonName, password: zNewPassword });

const INVITATION_DAYS = 7;

/** Pending (not accepted, not revoked, not expired) invitations of the tenant. */
export async function listPendingInvitations(scope: TenantScope) {
  const { db: tx, tenantId } = scope;
  return tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.tenantId, tenantId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

/**
 * Invites someone by email with a role (a new invitation to the same address replaces the pending one) and
 * emails the single-use link, valid 7 days, once the transaction has committed. The link is a bearer token for
 * joining, so it goes to the invitee only (account mail), never to the workspace's outbox: not even the inviting
 * admin reads it. Only owners may invite owners.
 */
export async function inviteMember(scope: MemberScope, input: z.infer<typeof inviteInput>) {
  const { db: tx, tenantId, member } = scope;
  if (!mayManageRole(member.role, input.role)) {
    throw new AppError("FORBIDDEN", "Only an owner can invite another owner.", "role");
  }
  const token = randomToken();
  const [existing] = await tx
    .select({ status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(users.email, input.email)));
  if (existing?.status === "active") throw badInput("email", `${input.email} is already a member of this workspace.`);
  await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.tenantId, tenantId),
        eq(invitations.email, input.email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  const [created] = await tx
    .insert(invitations)
    .values({
      tenantId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: member.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning({ id: invitations.id });
  await audit(scope, {
    action: "team.invited",
    target: { type: "invitation", id: created!.id },
    details: { email: input.email, role: input.role },
  });
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  const url = `${appUrl()}/invite?token=${encodeURIComponent(token)}`;
  const inviter = await actingAccount(scope);
  const email = invitationEmail({ tenantName: tenant!.name, inviterName: inviter.name, roleLabel: roleLabels[input.role], url });
  scope.afterCommit(() => sendUserEmail(input.email, email));
}

export async function revokeInvitation(scope: TenantScope, invitationId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id, email: invitations.email });
  if (!row) throw notFound("Invitation");
  await audit(scope, {
    action: "team.invitation_revoked",
    target: { type: "invitation", id: row.id },
    details: { email: row.email },
  });
}

async function openInvitation(tx: Tx, token: string) {
  const [row] = await tx
    .select({ invitation: invitations, tenantName: tenants.name, tenantSlug: tenants.slug })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row || row.invitation.acceptedAt || row.invitation.revokedAt || row.invitation.expiresAt <= new Date()) {
    throw new AppError("NOT_FOUND", "This invitation is invalid, was already used, or has expired. Ask for a new one.");
  }
  return row;
}

/** What the invitation page shows before accepting: the workspace, the role and whether to sign in or sign up. */
export async function previewInvitation(token: string) {
  return withInvitation(hashToken(token), undefined, async (tx) => {
    const { invitation, tenantName } = await openInvitation(tx, token);
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
    return { tenantName, email: invitation.email, role: invitation.role, accountExists: Boolean(account) };
  });
}

async function join(tx: Tx, invitation: typeof invitations.$inferSelect, userId: string, audit: AuditActor) {
  await enterTenant(tx, invitation.tenantId);
  await tx
    .insert(memberships)
    .values({ tenantId: invitation.tenantId, userId, role: invitation.role })
    .onConflictDoUpdate({
      target: [memberships.tenantId, memberships.userId],
      set: { role: invitation.role, status: "active" },
    });
  await tx.update(invitations).set({ acceptedAt: new Date() }).where(and(eq(invitations.tenantId, invitation.tenantId), eq(invitations.id, invitation.id)));
  await recordAuditEvent(tx, invitation.tenantId, audit, {
    action: "team.invitation_accepted",
    target: { type: "user", id: userId },
    details: { email: invitation.email, role: invitation.role },
  });
}

/** A signed-in user accepts an invitation addressed to their own email. */
export async function acceptInvitation(token: string, me: { id: string; email: string }, meta: RequestMeta) {
  return withInvitation(hashToken(token), me.id, async (tx) => {
    const { invitation, tenantSlug } = await openInvitation(tx, token);
    if (invitation.email !== me.email) {
      throw new AppError("FORBIDDEN", `This invitation is for ${invitation.email}. Sign in with that account to accept it.`);
    }
    await join(tx, invitation, me.id, { userId: me.id, label: me.email, ...meta });
    return { slug: tenantSlug };
  });
}

/**
 * Someone without an account accepts: the account is created with the invited email (verified by the very
 * link they clicked) and joins the tenant; they sign in next.
 */
export async function acceptInvitationAsNewUser(input: z.infer<typeof acceptAsNewUserInput>, meta: RequestMeta) {
  const preview = await previewInvitation(input.token);
  if (preview.accountExists) throw new AppError("CONFLICT", "An account with this email already exists. Sign in to accept.");
  const strength = assessPassword(input.password, [input.name, preview.email]);
  if (!strength.acceptable) throw badInput("password", `Password is too weak: ${strength.problem}`);
  const passwordHash = await hashPassword(input.password);
  return withInvitation(hashToken(input.token), undefined, async (tx) => {
    const { invitation, tenantSlug } = await openInvitation(tx, input.token);
    const [user] = await tx
      .insert(users)
      .values({ email: invitation.email, name: input.name, passwordHash, emailVerifiedAt: new Date() })
      .returning();
    await enterUser(tx, user!.id);
    await join(tx, invitation, user!.id, { userId: user!.id, label: user!.email, ...meta });
    return { slug: tenantSlug, email: user!.email };
  });
}
