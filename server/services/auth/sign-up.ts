import "server-only";
import { and, eq, gt, lt } from "drizzle-orm";
import { z } from "zod";
import { enterTenant, withUser, type Tx } from "@/db/client";
import { memberships, pendingSignUps, tenants, users } from "@/db/schema";
import { assessPassword } from "@/lib/password-strength";
import { zCompanyName, zEmail, zNewPassword, zPassword, zPersonName, zToken } from "@/lib/validation";
import { hashPassword, verifyPassword } from "@/server/auth/password-hash";
import { accountKey, ipKey, takeRateLimit } from "@/server/auth/throttle";
import { createTenantKey, hashToken, randomToken } from "@/server/crypto";
import { appUrl, sendUserEmail } from "@/server/email/send-email";
import { signUpAttemptEmail, signUpConfirmationEmail } from "@/server/email/templates";
import { AppError, badInput } from "@/server/errors";
import type { AfterResponse, RequestMeta } from "@/server/request-meta";
import { recordAuditEvent } from "../audit/record-audit-event";
import { createBuiltInPolicies } from "../vault/policies";

export const signUpInput = z.object({
  companyName: zCompanyName,
  name: zPersonName,
  email: zEmail,
  password: zNewPassword,
});

export const confirmSignUpInput = z.object({ token: zToken, password: zPassword });

/** Sign-ups from one address per hour: VAULTLINE_SIGNUPS_PER_IP_PER_HOUR (default 10), e.g. for one office's NAT. */
function signUpsPerIp() {
  const configured = Number(process.env.VAULTLINE_SIGNUPS_PER_IP_PER_HOUR ?? 10);
  return { failures: Number.isInteger(configured) && configured > 0 ? configured : 10, windowMinutes: 60, lockMinutes: 60 };
}
const SIGNUPS_PER_ADDRESS = { failures: 5, windowMinutes: 60, lockMinutes: 60 };
const LINK_HOURS = 24;
const LINK_DEAD = "This sign-up link is invalid, used or expired. Sign up again to get a new one.";

/** Paths under / that a workspace slug must never shadow. */
const reservedSlugs = new Set(["api", "login", "logout", "signup", "invite", "reset", "verify", "settings", "app", "admin", "pricing", "about", "static", "assets", "health", "demo", "select-workspace", "account", "forgot-password"]);

export function slugFromName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/g, "");
  return base.length >= 3 && !reservedSlugs.has(base) ? base : `msp-${base || "team"}`.slice(0, 32).replace(/-+$/g, "");
}

/**
 * Starts a sign-up: keeps it as pending and, after the response, emails the address a link that finishes it (or,
 * when the address already has an account, tells its owner instead, and nothing is ever created). The answer and
 * the work before it (the password hash, the rate limits, one insert) are the same either way, so a sign-up never
 * says whether an address has an account (issue #11 §5). Limited per IP and per address, as it sends mail.
 */
export async function signUp(input: z.infer<typeof signUpInput>, meta: RequestMeta, afterResponse: AfterResponse): Promise<void> {
  const strength = assessPassword(input.password, [input.name, input.email, input.companyName]);
  if (!strength.acceptable) throw badInput("password", `Password is too weak: ${strength.problem}`);
  const passwordHash = await hashPassword(input.password);
  const token = randomToken();

  const pending = await withUser(undefined, async (tx) => {
    const wait = Math.max(
      await takeRateLimit(tx, `signup:${ipKey(meta.ip)}`, signUpsPerIp()),
      await takeRateLimit(tx, `signup:${accountKey(input.email)}`, SIGNUPS_PER_ADDRESS),
    );
    if (wait > 0) return { wait };
    await tx.delete(pendingSignUps).where(lt(pendingSignUps.expiresAt, new Date()));
    const [row] = await tx
      .insert(pendingSignUps)
      .values({
        tokenHash: hashToken(token),
        email: input.email,
        name: input.name,
        companyName: input.companyName,
        passwordHash,
        expiresAt: new Date(Date.now() + LINK_HOURS * 3_600_000),
      })
      .returning({ id: pendingSignUps.id });
    return { id: row!.id };
  });
  if ("wait" in pending) {
    throw new AppError("TOO_MANY_REQUESTS", "Too many sign-ups. Try again later.", undefined, pending.wait);
  }
  afterResponse(() => mailSignUpLink(pending.id, token));
}

/** Emails a pending sign-up its link; when the address has an account, tells its owner and drops the sign-up. */
async function mailSignUpLink(id: string, token: string) {
  const found = await withUser(undefined, async (tx) => {
    const [pending] = await tx.select().from(pendingSignUps).where(eq(pendingSignUps.id, id));
    if (!pending) return null;
    const [account] = await tx.select({ name: users.name }).from(users).where(eq(users.email, pending.email));
    if (account) await tx.delete(pendingSignUps).where(eq(pendingSignUps.id, id));
    return { pending, account };
  });
  if (!found) return;
  const { pending, account } = found;
  const email = account
    ? signUpAttemptEmail({ name: account.name, loginUrl: `${appUrl()}/login`, resetUrl: `${appUrl()}/forgot-password` })
    : signUpConfirmationEmail({
        name: pending.name,
        companyName: pending.companyName,
        url: `${appUrl()}/signup/confirm?token=${encodeURIComponent(token)}`,
      });
  await sendUserEmail(pending.email, email);
}

/**
 * Finishes a sign-up from its emailed link, which proves the address, with the password chosen at sign-up (the
 * link alone is not enough): creates the workspace and its owner. Returns the slug and the address to sign in with.
 */
export async function confirmSignUp(input: z.infer<typeof confirmSignUpInput>, meta: RequestMeta) {
  const [pending] = await withUser(undefined, (tx) =>
    tx
      .select()
      .from(pendingSignUps)
      .where(and(eq(pendingSignUps.tokenHash, hashToken(input.token)), gt(pendingSignUps.expiresAt, new Date()))),
  );
  if (!pending) throw badInput("token", LINK_DEAD);
  if (!(await verifyPassword(pending.passwordHash, input.password))) {
    throw badInput("password", "This is not the password you chose when you signed up.");
  }
  return withUser(undefined, async (tx) => {
    // Deleting the row claims it: of two confirmations at once, the second finds it gone.
    const [claimed] = await tx.delete(pendingSignUps).where(eq(pendingSignUps.id, pending.id)).returning({ id: pendingSignUps.id });
    if (!claimed) throw badInput("token", LINK_DEAD);
    const { tenant } = await createWorkspace(tx, pending, meta);
    // Other sign-ups waiting for this address cannot succeed any more.
    await tx.delete(pendingSignUps).where(eq(pendingSignUps.email, pending.email));
    return { slug: tenant.slug, email: pending.email };
  });
}

/**
 * Creates a new MSP in the caller's transaction: its tenant (with a unique slug, its own data key and the built-in
 * policies), the owner's account (address verified) and membership, and the audit events. CONFLICT when the
 * address has an account by now.
 */
export async function createWorkspace(
  tx: Tx,
  owner: { companyName: string; name: string; email: string; passwordHash: string },
  meta: RequestMeta,
) {
  const base = slugFromName(owner.companyName);
  const [clash] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, base));
  const slug = clash ? `${base.slice(0, 30)}-${randomToken(3).toLowerCase().replace(/[^a-z0-9]/g, "x")}` : base;

  const [user] = await tx
    .insert(users)
    .values({ email: owner.email, name: owner.name, passwordHash: owner.passwordHash, emailVerifiedAt: new Date() })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
  const [tenant] = await tx.insert(tenants).values({ slug, name: owner.companyName }).returning();
  await enterTenant(tx, tenant!.id);
  await createTenantKey(tx, tenant!.id);
  await createBuiltInPolicies(tx, tenant!.id);
  await tx.insert(memberships).values({ tenantId: tenant!.id, userId: user.id, role: "owner" });
  const actor = { userId: user.id, label: user.email, ip: meta.ip, userAgent: meta.userAgent };
  await recordAuditEvent(tx, tenant!.id, actor, {
    action: "tenant.created",
    target: { type: "tenant", id: tenant!.id },
    details: { slug, name: owner.companyName },
  });
  await recordAuditEvent(tx, tenant!.id, actor, { action: "auth.signed_up", target: { type: "user", id: user.id } });
  return { user, tenant: tenant! };
}
