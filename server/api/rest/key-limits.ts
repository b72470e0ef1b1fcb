import "server-only";
import { notFound } from "@/server/errors";
import type { ApiScope } from "@/server/services/api-keys/authenticate-api-key";
import { loadCredential } from "@/server/services/vault/credential-queries";
import type { Target } from "@/server/services/vault/credential-input";
import { resolveTarget } from "@/server/services/vault/credential-writes";
import { badInput } from "@/server/errors";

/*
 * A key limited to some customers sees nothing of the others: ids outside its customers answer exactly like ids
 * that do not exist. (The owner's own permissions apply on top, in the services.)
 */

const outside = (scope: ApiScope, customerId: string) => scope.apiKey.customerIds !== null && !scope.apiKey.customerIds.includes(customerId);

/** NOT_FOUND for a customer outside the key's customers. */
export function requireCustomerInKey(scope: ApiScope, customerId: string): void {
  if (outside(scope, customerId)) throw notFound("Customer");
}

/** NOT_FOUND for a password filed under a customer outside the key's customers (`deleted`: one in the trash). */
export async function requirePasswordInKey(scope: ApiScope, id: string, opts: { deleted?: boolean } = {}): Promise<void> {
  if (scope.apiKey.customerIds === null) return;
  const row = await loadCredential(scope, id, opts);
  if (outside(scope, row.customerId)) throw notFound("Password");
}

/** A target (customer, contact, device) outside the key's customers is refused like one that does not exist. */
export async function requireTargetInKey(scope: ApiScope, target: Target | undefined): Promise<void> {
  if (scope.apiKey.customerIds === null || !target) return;
  const { customerId } = await resolveTarget(scope, target);
  if (outside(scope, customerId)) throw badInput("target", `That ${target.type} does not exist in this workspace.`);
}
