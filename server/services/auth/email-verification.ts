import "server-only";
import { eq } from "drizzle-orm";
import { enterUser, withUser } from "@/db/client";
import { users } from "@/db/schema";
import { appUrl, sendUserEmail } from "@/server/email/send-email";
import { verificationEmail } from "@/server/email/templates";
import { AppError } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { recordAccountEvent } from "./actors";
import { consumeUserToken, issueUserToken } from "./user-tokens";

/** Sends (or re-sends) the email-verification link, valid 24 hours, to the user only (account mail). */
export async function sendVerificationEmail(userId: string): Promise<void> {
  const prepared = await withUser(userId, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user || user.emailVerifiedAt) return null;
    const token = await issueUserToken(tx, userId, "email_verification", 24 * 60);
    return { user, token };
  });
  if (!prepared) return;
  const url = `${appUrl()}/verify-email?token=${encodeURIComponent(prepared.token)}`;
  await sendUserEmail(prepared.user.email, verificationEmail({ name: prepared.user.name, url }));
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
