import "server-only";
import { withTenant, type Tx } from "@/db/client";
import type { TenantSettings } from "@/db/schema";
import type { MemberRole } from "@/lib/validation";
import type { AuditActor } from "@/server/services/audit/record-audit-event";

/**
 * What an API key narrows its owner's view to, on top of the owner's own permissions: only these customers' passwords,
 * only passwords in one of these credential groups (null: no limit of that kind).
 */
export type ViewLimits = { customerIds: readonly string[] | null; credentialGroupIds: readonly string[] | null };

/** The member acting in a tenant, with the one tenant setting that changes what they see. */
export type Member = {
  membershipId: string;
  userId: string;
  role: MemberRole;
  restrictTechniciansToShared: boolean;
  /** Set when the member acts through a limited API key: everything outside is hidden (server/services/sharing/permissions.ts). */
  limits?: ViewLimits;
};

/**
 * Everything a service needs to work in one tenant: the tenant-scoped transaction, who is acting (for the audit
 * trail) and where to queue work that must wait for the commit. Built once per request by `tenantProcedure`, or by
 * `withTenantScope` for job steps and the agent API. Services take `(scope, input)`.
 */
export type TenantScope = {
  /** A transaction that sees this tenant's rows only (RLS), as the application role. */
  db: Tx;
  tenantId: string;
  audit: AuditActor;
  /** Runs `fn` once the transaction has committed (email, job events); dropped on rollback. */
  afterCommit: (fn: () => Promise<void>) => void;
};

/** A scope with a signed-in member acting: every request of the web app. */
export type MemberScope = TenantScope & { member: Member; settings: TenantSettings };

/**
 * Runs `fn` in a new tenant transaction for a non-member actor (a job step, an agent, a schedule); the work queued
 * with `afterCommit` runs after the commit, in order, and not at all when `fn` throws.
 */
export async function withTenantScope<T>(tenantId: string, audit: AuditActor, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  const pending: (() => Promise<void>)[] = [];
  const result = await withTenant(tenantId, (db) => fn({ db, tenantId, audit, afterCommit: (work) => void pending.push(work) }));
  for (const work of pending) await work();
  return result;
}

/** The acting member of a signed-in request, with the tenant setting that narrows a technician's view. */
export function memberOf(
  membership: { membershipId: string; userId: string; role: MemberRole; settings: TenantSettings },
  limits?: ViewLimits,
): Member {
  return {
    membershipId: membership.membershipId,
    userId: membership.userId,
    role: membership.role,
    restrictTechniciansToShared: membership.settings.restrictTechniciansToShared === true,
    ...(limits && (limits.customerIds || limits.credentialGroupIds) ? { limits } : {}),
  };
}
