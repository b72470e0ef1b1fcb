import { withTenantScope, type TenantScope } from "@/server/scope";

/** Who the services a test calls directly act as, in the audit trail: no member, like a job step. */
const testActor = { userId: null, label: "test" };

/** Runs `fn` with a scope of its own in the tenant (one transaction), the way job steps call services. */
export function inTenantScope<T>(tenantId: string, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  return withTenantScope(tenantId, testActor, fn);
}
