import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { agentEnrollmentTokens, customers, users } from "@/db/schema";
import { hashToken, randomToken } from "@/server/crypto";
import { appUrl } from "@/server/email/send-email";
import { badInput, notFound } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

export const createEnrollmentTokenInput = z.object({
  customerId: z.uuid({ error: "Customer id must be a UUID." }),
  label: z.string({ error: "Label is required." }).trim().min(1, "Label is required.").max(100, "Label must be at most 100 characters."),
  expiresInDays: z
    .number({ error: "Expiry must be a number of days." })
    .int("Expiry must be a whole number of days.")
    .min(1, "Expiry must be at least 1 day.")
    .max(365, "Expiry must be at most 365 days."),
  maxUses: z
    .number({ error: "Maximum uses must be a number." })
    .int("Maximum uses must be a whole number.")
    .min(1, "Maximum uses must be at least 1.")
    .max(100_000, "Maximum uses must be at most 100000.")
    .nullable()
    .default(null),
});

/**
 * An enrollment token names its tenant in clear (the enroll endpoint must know whose rows to look in, under
 * RLS) and carries 256 random bits; only its SHA-256 is stored.
 */
export function enrollmentTokenFor(tenantId: string): string {
  return `vlen.${tenantId}.${randomToken()}`;
}

/** Creates a token for one customer; returns it once, with the command that enrolls a machine. */
export async function createEnrollmentToken(scope: TenantScope, raw: z.input<typeof createEnrollmentTokenInput>) {
  const { db: tx, tenantId } = scope;
  const input = createEnrollmentTokenInput.parse(raw);
  const [customer] = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, input.customerId)));
  if (!customer) throw notFound("Customer");
  const token = enrollmentTokenFor(tenantId);
  const [row] = await tx
    .insert(agentEnrollmentTokens)
    .values({
      tenantId,
      customerId: customer.id,
      label: input.label,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
      maxUses: input.maxUses,
      createdBy: scope.audit.userId!,
    })
    .returning({ id: agentEnrollmentTokens.id, expiresAt: agentEnrollmentTokens.expiresAt });
  await audit(scope, {
    action: "agent.enrollment_token_created",
    target: { type: "customer", id: customer.id },
    details: { tokenId: row!.id, label: input.label, expiresInDays: input.expiresInDays, maxUses: input.maxUses },
  });
  return {
    id: row!.id,
    token,
    expiresAt: row!.expiresAt,
    installCommand: `sudo npm run agent -- enroll --server ${appUrl()} --token ${token} && sudo npm run agent -- run`,
  };
}

export async function listEnrollmentTokens(scope: TenantScope, customerId: string) {
  const { db: tx, tenantId } = scope;
  // The customer's check and the read in one round trip; the rows go out only once the customer is found.
  const [[customer], tokens] = await Promise.all([
    tx.select({ id: customers.id }).from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId))),
    tokensOf(scope, customerId),
  ]);
  if (!customer) throw notFound("Customer");
  return tokens;
}

function tokensOf({ db: tx, tenantId }: TenantScope, customerId: string) {
  return tx
    .select({
      id: agentEnrollmentTokens.id,
      label: agentEnrollmentTokens.label,
      expiresAt: agentEnrollmentTokens.expiresAt,
      maxUses: agentEnrollmentTokens.maxUses,
      uses: agentEnrollmentTokens.uses,
      revokedAt: agentEnrollmentTokens.revokedAt,
      lastUsedAt: agentEnrollmentTokens.lastUsedAt,
      createdAt: agentEnrollmentTokens.createdAt,
      createdByName: users.name,
    })
    .from(agentEnrollmentTokens)
    .leftJoin(users, eq(users.id, agentEnrollmentTokens.createdBy))
    .where(and(eq(agentEnrollmentTokens.tenantId, tenantId), eq(agentEnrollmentTokens.customerId, customerId)))
    .orderBy(desc(agentEnrollmentTokens.createdAt));
}

export async function revokeEnrollmentToken(scope: TenantScope, tokenId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select()
    .from(agentEnrollmentTokens)
    .where(and(eq(agentEnrollmentTokens.tenantId, tenantId), eq(agentEnrollmentTokens.id, tokenId)));
  if (!row) throw notFound("Enrollment token");
  if (row.revokedAt) throw badInput("tokenId", "This enrollment token is already revoked.");
  await tx.update(agentEnrollmentTokens).set({ revokedAt: new Date() }).where(eq(agentEnrollmentTokens.id, row.id));
  await audit(scope, {
    action: "agent.enrollment_token_revoked",
    target: { type: "customer", id: row.customerId },
    details: { tokenId: row.id, label: row.label },
  });
}
