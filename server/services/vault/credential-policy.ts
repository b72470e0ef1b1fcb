import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { credentialVersions, passwordPolicies } from "@/db/schema";
import { checkAgainstPolicy } from "@/lib/password-policy";
import { AppError, badInput } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { noteCredentialEvent } from "./credential-events";
import { openCredentialSecret, passwordRef } from "./credential-seals";
import { effectivePolicy } from "./policies";

/** A policy the member broke on purpose: their reason, and the rules broken. */
export type PolicyOverride = { reason: string; rules: string[] };

/** Refuses a policy id that is not one of the tenant's policies (null and undefined: none named). */
export async function assertPolicy(scope: TenantScope, policyId: string | null | undefined) {
  if (!policyId) return;
  const [row] = await scope.db
    .select({ id: passwordPolicies.id })
    .from(passwordPolicies)
    .where(and(eq(passwordPolicies.tenantId, scope.tenantId), eq(passwordPolicies.id, policyId)));
  if (!row) throw badInput("policyId", "That password policy does not exist in this workspace.");
}

/**
 * Checks a new password against the credential's effective policy (its own, else its customer's, else the
 * tenant default), including "no reuse of the last N". A violation is refused with the rule named, unless a member
 * who `mayOverride` (the rule table's overridePolicy) gives a reason to override it. Returns the policy (its max age
 * sets the expiry) and whether it was overridden.
 */
export async function enforcePolicy(
  scope: TenantScope,
  where: { customerId: string; policyId: string | null; credentialId?: string },
  password: string,
  override: { reason: string | undefined; allowed: boolean },
) {
  const { db: tx, tenantId } = scope;
  const policy = await effectivePolicy(scope, { customerId: where.customerId, policyId: where.policyId });
  const violations = checkAgainstPolicy(password, policy).map((v) => v.message);
  if (where.credentialId && policy.noReuseLast > 0) {
    const recent = await tx
      .select({ secret: credentialVersions.secret, secretGeneration: credentialVersions.secretGeneration })
      .from(credentialVersions)
      .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, where.credentialId), isNotNull(credentialVersions.secret)))
      .orderBy(desc(credentialVersions.version))
      .limit(policy.noReuseLast);
    for (const { secret, secretGeneration } of recent) {
      if ((await openCredentialSecret(scope, passwordRef(where.credentialId, secretGeneration), secret!)) === password) {
        violations.push(`Must not repeat one of the last ${policy.noReuseLast} passwords (policy ${policy.name}).`);
        break;
      }
    }
  }
  if (violations.length === 0) return { policy, overridden: null };
  if (!override.reason) throw badInput("password", violations[0]!);
  if (!override.allowed) throw new AppError("FORBIDDEN", "Only an admin can save a password that breaks its policy.", "overrideReason");
  return { policy, overridden: { reason: override.reason, rules: violations } };
}

/** Audits an override (and tells the rules listening for policy violations); nothing when there was none. */
export async function recordOverride(scope: TenantScope, id: string, overridden: PolicyOverride | null) {
  if (!overridden) return;
  await audit(scope, {
    action: "credential.policy_overridden",
    target: { type: "credential", id },
    details: { reason: overridden.reason, violations: overridden.rules },
  });
  await noteCredentialEvent(scope, {
    type: "policy_violated",
    credentialId: id,
    actorUserId: scope.audit.userId,
    detail: `${overridden.rules.join(" ")} Reason given: ${overridden.reason}`.slice(0, 1000),
  });
}
