import "server-only";
import { AppError, notFound } from "@/server/errors";
import type { MemberScope } from "@/server/scope";
import { findHolder } from "@/server/services/vault/holders";

/*
 * An API key's limits (customers, credential groups) live in its member scope, so every service applies them to
 * passwords and their holders (server/services/sharing/permissions.ts). What is left here is the audit log, which is
 * filed by customer rather than by password and whose events the services do not filter by the member's view.
 */

/**
 * A limited key reads the audit log one customer at a time, of a customer it sees (`customerId`; others answer like
 * ids that do not exist); a key limited to credential groups, whose groups do not map onto customers, not at all.
 */
export async function requireAuditWithinLimits(scope: MemberScope, customerId: string | undefined): Promise<void> {
  const limits = scope.member.limits;
  if (!limits) return;
  if (limits.credentialGroupIds) {
    throw new AppError("FORBIDDEN", "This API key is limited to credential groups, so it cannot read the audit log.", "customerId");
  }
  if (!customerId) throw new AppError("FORBIDDEN", "This key is limited to some customers: read the audit log of one of them with customerId.", "customerId");
  if (!(await findHolder(scope, "customer", customerId))) throw notFound("Customer");
}
