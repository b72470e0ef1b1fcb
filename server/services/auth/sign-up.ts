import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { enterTenant, withUser } from "@/db/client";
import { memberships, tenants, users } from "@/db/schema";
import { assessPassword } from "@/lib/password-strength";
import { zCompanyName, zEmail, zNewPassword, zPersonName } from "@/lib/validation";
import { hashPassword } from "@/server/auth/password-hash";
import { ipKey, takeRateLimit } from "@/server/auth/throttle";
import { createTenantKey, randomToken } from "@/server/crypto";
import { AppError, badInput } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { recordAuditEvent } from "../audit/record-audit-event";
import { createBuiltInPolicies } from "../vault/policies";
import { sendVerificationEmail } from "./email-verification";

export const signUpInput = z.object({
  companyName: zCompanyName,
  name: zPersonName,
  email: zEmail,
  password: zNewPassword,
});

const SIGNUPS_PER_IP = { failures: 10, windowMinutes: 60, lockMinutes: 60 };

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
 * Signs up a new MSP: its tenant (with a unique slug and its own data key), the owner account and membership,
 * all in one transaction with the audit events; then sends the email-verification link.
 */
export async function signUp(input: z.infer<typeof signUpInput>, meta: RequestMeta) {
  const strength = assessPassword(input.password, [input.name, input.email, input.companyName]);
  if (!strength.acceptable) throw badInput("password", `Password is too weak: ${strength.problem}`);
  const passwordHash = await hashPassword(input.password);

  const created = await withUser(undefined, async (tx) => {
    const wait = await takeRateLimit(tx, `signup:${ipKey(meta.ip)}`, SIGNUPS_PER_IP);
    if (wait > 0) return { wait };
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) return { emailTaken: true as const };

    const base = slugFromName(input.companyName);
    const [clash] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, base));
    const slug = clash ? `${base.slice(0, 30)}-${randomToken(3).toLowerCase().replace(/[^a-z0-9]/g, "x")}` : base;

    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .returning();
    const [tenant] = await tx.insert(tenants).values({ slug, name: input.companyName }).returning();
    await enterTenant(tx, tenant!.id);
    await createTenantKey(tx, tenant!.id);
    await createBuiltInPolicies(tx, tenant!.id);
    await tx.insert(memberships).values({ tenantId: tenant!.id, userId: user!.id, role: "owner" });
    const actor = { userId: user!.id, label: user!.email, ip: meta.ip, userAgent: meta.userAgent };
    await recordAuditEvent(tx, tenant!.id, actor, {
      action: "tenant.created",
      target: { type: "tenant", id: tenant!.id },
      details: { slug, name: input.companyName },
    });
    await recordAuditEvent(tx, tenant!.id, actor, { action: "auth.signed_up", target: { type: "user", id: user!.id } });
    return { user: user!, tenant: tenant! };
  });

  if ("wait" in created) {
    throw new AppError("TOO_MANY_REQUESTS", "Too many sign-ups from this network. Try again later.", undefined, created.wait);
  }
  if ("emailTaken" in created) {
    throw new AppError(
      "CONFLICT",
      "An account with this email already exists. Sign in instead, or ask your administrator for an invitation.",
      "email",
    );
  }
  await sendVerificationEmail(created.user.id);
  return { userId: created.user.id, slug: created.tenant.slug };
}
