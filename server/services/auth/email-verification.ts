import "server-only";
import { eq } from "drizzle-orm";
import { enterUser, withUser } from "@/db/client";
import { tenants, users } from "@/db/schema";
import { sendEmail, appUrl } from "@/server/email/send-email";
import { verificationEmail } from "@/server/email/templates";
import { AppError } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { activeTenantIds, recordAccountEvent } from "./actors";
import { consumeUserToken, issueUserToken } from "./user-tokens";

/**
 * Sends (or re-sends) the email-verification link, valid 24 hours. The email is filed in the outbox of the
 * user's first active tenant (user-level mail belongs to no tenant; that one is where an admin would look).
 */
export async function sendVerificationEmail(userId: string): Promise<void> {
  const prepared = await withUser(userId, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user || user.emailVerifiedAt) return null;
    const [tenantId] = await activeTenantIds(tx, userId);
    if (!tenantId) return null;
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    const token = await issueUserToken(tx, userId, "email_verification", 24 * 60);
    return { user, tenant: tenant!, token };
  });
  if (!prepared) return;
  const url = `${appUrl()}/verify-email?token=${encodeURIComponent(prepared.token)}`;
  await sendEmail(
    prepared.tenant.id,
    prepared.user.email,
    verificationEmail({ tenantName: prepared.tenant.name, name: prepared.user.name, url }),
    url,
  );
}

/** Confirms an email address from its link. */
export async function verifyEmail(token: string, meta: RequestMeta): Promise<void> {
  const ok = await withUser(undefined, async (tx) => {
    const userId = await consumeUserToken(tx, token, "email_verification");
    if (!userId) return false;
    const [user] = await tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId)).returning();
    await enterUser(tx, userId);
    await recordAccountEvent(tx, userId, { userId, label: user!.email, ...meta }, { action: "auth.email_verified" });
    return true;
  });
  if (!ok) throw new AppError("BAD_REQUEST", "This verification link is invalid or has expired. Sign in and send a new one.", "token");
}
