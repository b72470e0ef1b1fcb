import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import QRCode from "qrcode";
import { z } from "zod";
import { enterTenant, enterUser, withUser, type Tx } from "@/db/client";
import { backupCodes, memberships, tenants, users } from "@/db/schema";
import { zPassword, zTotpCode } from "@/lib/validation";
import { verifyPassword } from "@/server/auth/password-hash";
import { revokeUserSessions } from "@/server/auth/sessions";
import { hashToken, randomToken } from "@/server/crypto";
import { checkTotpCode, newTotpEnrolment } from "@/server/crypto/totp";
import { sendUserEmail } from "@/server/email/send-email";
import { twoFactorResetEmail } from "@/server/email/templates";
import { AppError, badInput, notFound } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import type { MemberScope } from "@/server/scope";
import { actingAccount } from "../team/members";
import { recordAccountEvent } from "./actors";

export const confirmTotpInput = z.object({ code: zTotpCode });
export const disableTotpInput = z.object({ password: zPassword });
export const regenerateBackupCodesInput = z.object({ code: zTotpCode });

type Me = { id: string; email: string };
const BACKUP_CODE_COUNT = 10;
const base32 = "abcdefghijklmnopqrstuvwxyz234567";

/** 10 fresh one-time backup codes (60 bits each, xxxx-xxxx-xxxx), replacing earlier ones; stored hashed. */
async function replaceBackupCodes(tx: Tx, userId: string): Promise<string[]> {
  await tx.delete(backupCodes).where(eq(backupCodes.userId, userId));
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, () => {
    const bytes = Buffer.from(randomToken(12), "base64url");
    const chars = Array.from(bytes.subarray(0, 12), (b) => base32[b % 32]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
  await tx.insert(backupCodes).values(codes.map((code) => ({ userId, codeHash: hashToken(code) })));
  return codes;
}

/** The user row, locked for the transaction: enrolment and code checks must not interleave. */
async function loadUser(tx: Tx, userId: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw notFound("Account");
  return user;
}

/**
 * Starts TOTP enrolment: stores a new sealed seed (not yet active) and returns what the enrolment screen shows
 * once: the QR code, the otpauth:// URI and the seed for manual entry.
 */
export async function beginTotpEnrolment(me: Me) {
  const enrolment = await withUser(me.id, async (tx) => {
    const user = await loadUser(tx, me.id);
    if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
    const started = await newTotpEnrolment(tx, me.id, user.email, "Vaultline");
    await tx.update(users).set({ totpSecret: started.sealed, totpLastStep: null }).where(eq(users.id, me.id));
    return started;
  });
  return { uri: enrolment.uri, secret: enrolment.seed, qrSvg: await QRCode.toString(enrolment.uri, { type: "svg", margin: 1 }) };
}

/** Confirms enrolment with a first code; turns two-factor on and returns the one-time backup codes. */
export async function confirmTotpEnrolment(me: Me, input: z.infer<typeof confirmTotpInput>, meta: RequestMeta) {
  return withUser(me.id, async (tx) => {
    const user = await loadUser(tx, me.id);
    if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
    if (!user.totpSecret) throw new AppError("BAD_REQUEST", "Start the set-up again: no code was prepared.");
    const step = await checkTotpCode(tx, me.id, user.totpSecret, input.code);
    if (step === null) throw badInput("code", "That code is not right. Check your device's clock and try the current code.");
    await tx.update(users).set({ totpEnabledAt: new Date(), totpLastStep: step }).where(eq(users.id, me.id));
    const codes = await replaceBackupCodes(tx, me.id);
    await recordAccountEvent(tx, me.id, { userId: me.id, label: me.email, ...meta }, { action: "auth.2fa_enabled" });
    return { backupCodes: codes };
  });
}

/** Turns two-factor off after re-checking the password; other sessions end. */
export async function disableTotp(me: Me & { sessionId: string }, input: z.infer<typeof disableTotpInput>, meta: RequestMeta) {
  const user = await withUser(me.id, (tx) => loadUser(tx, me.id));
  if (!(await verifyPassword(user.passwordHash, input.password))) throw badInput("password", "Password is incorrect.");
  await withUser(me.id, async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, me.id));
    await tx.delete(backupCodes).where(eq(backupCodes.userId, me.id));
    await revokeUserSessions(tx, me.id, "two-factor turned off", me.sessionId);
    await recordAccountEvent(tx, me.id, { userId: me.id, label: me.email, ...meta }, { action: "auth.2fa_disabled" });
  });
}

/** New backup codes (the old ones stop working), after a current TOTP code. */
export async function regenerateBackupCodes(me: Me, input: z.infer<typeof regenerateBackupCodesInput>, meta: RequestMeta) {
  return withUser(me.id, async (tx) => {
    const user = await loadUser(tx, me.id);
    if (!user.totpEnabledAt || !user.totpSecret) throw new AppError("BAD_REQUEST", "Two-factor authentication is off.");
    const step = await checkTotpCode(tx, me.id, user.totpSecret, input.code);
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) throw badInput("code", "That code is not right.");
    await tx.update(users).set({ totpLastStep: step }).where(eq(users.id, me.id));
    const codes = await replaceBackupCodes(tx, me.id);
    await recordAccountEvent(tx, me.id, { userId: me.id, label: me.email, ...meta }, { action: "auth.backup_codes_regenerated" });
    return { backupCodes: codes };
  });
}

/** How many unused backup codes the user has left. */
export async function backupCodesLeft(userId: string): Promise<number> {
  const rows = await withUser(userId, (tx) =>
    tx.select({ id: backupCodes.id }).from(backupCodes).where(and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt))),
  );
  return rows.length;
}

/**
 * Recovery: an owner resets the two-factor of a member who lost their device. The member's sessions end and
 * their next sign-in asks for the password only, then (where the tenant requires it) a new enrolment. Runs in
 * the owner's tenant transaction; the member is told after it commits, by account mail (not in the tenant's outbox).
 */
export async function resetMemberTwoFactor(scope: MemberScope, membershipId: string) {
  const { db: tx, tenantId } = scope;
  const owner = { userId: scope.member.userId, ...(await actingAccount(scope)) };
  const [target] = await tx
    .select({ userId: memberships.userId, email: users.email, name: users.name, tenantName: tenants.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membershipId)));
  if (!target) throw notFound("Member");
  if (target.userId === owner.userId) {
    throw new AppError("BAD_REQUEST", "Use your own security settings to change your two-factor authentication.");
  }
  await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, target.userId));
  await tx.delete(backupCodes).where(eq(backupCodes.userId, target.userId));
  await revokeUserSessions(tx, target.userId, "two-factor reset by owner");
  // Recorded in every tenant of the member (their account changed everywhere), then back to this tenant.
  await enterUser(tx, target.userId);
  await recordAccountEvent(tx, target.userId, scope.audit, {
    action: "auth.2fa_reset",
    target: { type: "user", id: target.userId },
    details: { by: owner.email },
  });
  await enterTenant(tx, tenantId);
  await enterUser(tx, owner.userId);
  const email = twoFactorResetEmail({ tenantName: target.tenantName, name: target.name, ownerName: owner.name });
  scope.afterCommit(() => sendUserEmail(target.email, email));
}
