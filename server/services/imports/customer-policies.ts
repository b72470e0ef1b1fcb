import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import { customers, passwordPolicies } from "@/db/schema";
import type { PolicyRules } from "@/lib/password-policy";
import type { TenantScope } from "@/server/scope";
import { defaultPolicy } from "../vault/policies";

/**
 * The password policy an imported password falls under, by the customer it is filed under: the customer's own policy,
 * else the tenant's default (a customer the import creates has none of its own). Read once per analysis or staging.
 */
export async function customerPolicies(scope: TenantScope): Promise<(customerId: string) => PolicyRules> {
  const fallback = await defaultPolicy(scope);
  const policies = await scope.db.select().from(passwordPolicies).where(eq(passwordPolicies.tenantId, scope.tenantId));
  const byId = new Map(policies.map((p) => [p.id, p]));
  const assigned = await scope.db
    .select({ id: customers.id, policyId: customers.passwordPolicyId })
    .from(customers)
    .where(and(eq(customers.tenantId, scope.tenantId), isNotNull(customers.passwordPolicyId)));
  const byCustomer = new Map(assigned.map((c) => [c.id, byId.get(c.policyId!) ?? fallback]));
  return (customerId) => byCustomer.get(customerId) ?? fallback;
}
