import "server-only";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { credentials, customers, passwordPolicies } from "@/db/schema";
import { generate, generateForPolicy, zGeneratorOptions } from "@/lib/password-generator";
import {
  builtInPolicies,
  builtInPolicyKeys,
  checkPolicyFields,
  DEFAULT_BUILT_IN_POLICY,
  zPolicyFields,
  zPolicyRules,
  type PolicyRules,
} from "@/lib/password-policy";
import { AppError, badInput, notFound } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

const zPolicyId = z.uuid({ error: "Policy id is invalid." });
const zCustomerId = z.uuid({ error: "Customer id is invalid." });

export const policyIdInput = z.object({ policyId: zPolicyId });
export const createPolicyInput = zPolicyRules;
export const updatePolicyInput = z.object({ policyId: zPolicyId, ...zPolicyFields.shape }).superRefine(checkPolicyFields);
export const customerPolicyInput = z.object({
  customerId: zCustomerId,
  /** null: the customer follows the tenant default again. */
  policyId: zPolicyId.nullable(),
});
export const effectivePolicyInput = z.object({ customerId: zCustomerId, policyId: zPolicyId.optional() });
export const generatePasswordInput = z.object({
  /** Generate for this policy; without it and without options, for the tenant default. */
  policyId: zPolicyId.optional(),
  options: zGeneratorOptions.optional(),
});

export type PasswordPolicy = typeof passwordPolicies.$inferSelect;

/** The audit's view of a policy: its rules, which are settings, never secrets. */
function rulesOf(p: PolicyRules): PolicyRules {
  return {
    name: p.name,
    minLength: p.minLength,
    maxLength: p.maxLength,
    requireLowercase: p.requireLowercase,
    requireUppercase: p.requireUppercase,
    requireDigit: p.requireDigit,
    requireSymbol: p.requireSymbol,
    forbiddenCharacters: p.forbiddenCharacters,
    maxAgeDays: p.maxAgeDays,
    noReuseLast: p.noReuseLast,
  };
}

/** Creates Low, Medium and Strong for a new tenant, with Medium as its default. Called by sign-up. */
export async function createBuiltInPolicies(tx: Tx, tenantId: string): Promise<void> {
  await tx.insert(passwordPolicies).values(
    builtInPolicyKeys.map((key) => ({
      tenantId,
      builtIn: key,
      ...builtInPolicies[key],
      isDefault: key === DEFAULT_BUILT_IN_POLICY,
    })),
  );
}

/** The tenant's policies: the built-ins (Low, Medium, Strong) first, then its own by name. */
export async function listPolicies(scope: TenantScope): Promise<PasswordPolicy[]> {
  return scope.db
    .select()
    .from(passwordPolicies)
    .where(eq(passwordPolicies.tenantId, scope.tenantId))
    .orderBy(sql`${passwordPolicies.builtIn} is null`, asc(passwordPolicies.builtIn), asc(passwordPolicies.name));
}

/** One policy of the tenant; NOT_FOUND for an unknown id or another tenant's. */
export async function getPolicy(scope: TenantScope, policyId: string): Promise<PasswordPolicy> {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select()
    .from(passwordPolicies)
    .where(and(eq(passwordPolicies.tenantId, tenantId), eq(passwordPolicies.id, policyId)));
  if (!row) throw notFound("Password policy");
  return row;
}

/** The tenant's default policy (there is always exactly one). */
export async function defaultPolicy(scope: TenantScope): Promise<PasswordPolicy> {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select()
    .from(passwordPolicies)
    .where(and(eq(passwordPolicies.tenantId, tenantId), eq(passwordPolicies.isDefault, true)));
  if (row) return row;
  // A tenant created before policies existed gets the built-ins on first use, instead of an error.
  const [anyPolicy] = await tx.select({ id: passwordPolicies.id }).from(passwordPolicies).where(eq(passwordPolicies.tenantId, tenantId)).limit(1);
  if (anyPolicy) throw new Error(`tenant ${tenantId} has policies but no default`);
  await createBuiltInPolicies(tx, tenantId);
  return defaultPolicy(scope);
}

async function assertNameFree(scope: TenantScope, name: string, exceptId?: string) {
  const [clash] = await scope.db
    .select({ id: passwordPolicies.id })
    .from(passwordPolicies)
    .where(
      and(
        eq(passwordPolicies.tenantId, scope.tenantId),
        eq(passwordPolicies.name, name),
        exceptId ? ne(passwordPolicies.id, exceptId) : undefined,
      ),
    );
  if (clash) throw new AppError("CONFLICT", `A policy named ${name} already exists.`, "name");
}

async function loadCustom(scope: TenantScope, policyId: string, verb: string) {
  const policy = await getPolicy(scope, policyId);
  if (policy.builtIn) {
    throw new AppError("BAD_REQUEST", `${policy.name} is a built-in policy and cannot be ${verb}. Create a custom policy instead.`);
  }
  return policy;
}

/** Creates a custom policy (never the default: setDefault makes it one). */
export async function createPolicy(scope: TenantScope, input: z.infer<typeof createPolicyInput>): Promise<PasswordPolicy> {
  await assertNameFree(scope, input.name);
  const [created] = await scope.db
    .insert(passwordPolicies)
    .values({ tenantId: scope.tenantId, ...rulesOf(input), builtIn: null, isDefault: false })
    .returning();
  await audit(scope, {
    action: "policy.created",
    target: { type: "password_policy", id: created!.id },
    details: rulesOf(input),
  });
  return created!;
}

/**
 * Replaces a custom policy's rules. Built-ins are read-only. Credentials keep their expiry dates: the new
 * maximum age applies from their next password change.
 */
export async function updatePolicy(scope: TenantScope, input: z.infer<typeof updatePolicyInput>): Promise<PasswordPolicy> {
  const { policyId, ...fields } = input;
  const before = await loadCustom(scope, policyId, "changed");
  await assertNameFree(scope, fields.name, policyId);
  const rules = rulesOf(fields);
  const [updated] = await scope.db
    .update(passwordPolicies)
    .set(rules)
    .where(and(eq(passwordPolicies.tenantId, scope.tenantId), eq(passwordPolicies.id, policyId)))
    .returning();
  const old = rulesOf(before);
  const changed = (Object.keys(rules) as (keyof PolicyRules)[]).filter((k) => rules[k] !== old[k]);
  await audit(scope, {
    action: "policy.updated",
    target: { type: "password_policy", id: policyId },
    details: { name: rules.name, changed, ...Object.fromEntries(changed.map((k) => [k, { from: old[k], to: rules[k] }])) },
  });
  return updated!;
}

/** Deletes a custom policy that is neither the default nor used by any customer or credential. */
export async function deletePolicy(scope: TenantScope, policyId: string): Promise<void> {
  const { db: tx, tenantId } = scope;
  const policy = await loadCustom(scope, policyId, "deleted");
  if (policy.isDefault) {
    throw new AppError("BAD_REQUEST", `${policy.name} is the default policy. Make another policy the default first.`);
  }
  const [usedByCustomers] = await tx
    .select({ n: count() })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.passwordPolicyId, policyId)));
  if (usedByCustomers!.n > 0) {
    throw new AppError("BAD_REQUEST", `${policy.name} is used by ${plural(usedByCustomers!.n, "customer")}. Give them another policy first.`);
  }
  // Deleted (restorable) credentials count too: restoring one must find its policy.
  const [usedByCredentials] = await tx
    .select({ n: count() })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.policyId, policyId)));
  if (usedByCredentials!.n > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `${policy.name} is used by ${plural(usedByCredentials!.n, "credential")}. Give them another policy first.`,
    );
  }
  await tx.delete(passwordPolicies).where(and(eq(passwordPolicies.tenantId, tenantId), eq(passwordPolicies.id, policyId)));
  await audit(scope, {
    action: "policy.deleted",
    target: { type: "password_policy", id: policyId },
    details: { name: policy.name },
  });
}

function plural(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Makes a policy (built-in or custom) the tenant default. */
export async function setDefaultPolicy(scope: TenantScope, policyId: string): Promise<void> {
  const { db: tx, tenantId } = scope;
  const next = await getPolicy(scope, policyId);
  if (next.isDefault) return;
  const previous = await defaultPolicy(scope);
  // Clear first: a partial unique index allows one default per tenant at any moment.
  await tx
    .update(passwordPolicies)
    .set({ isDefault: false })
    .where(and(eq(passwordPolicies.tenantId, tenantId), eq(passwordPolicies.id, previous.id)));
  await tx
    .update(passwordPolicies)
    .set({ isDefault: true })
    .where(and(eq(passwordPolicies.tenantId, tenantId), eq(passwordPolicies.id, policyId)));
  await audit(scope, {
    action: "policy.default_changed",
    target: { type: "password_policy", id: policyId },
    details: { from: previous.name, to: next.name, fromId: previous.id },
  });
}

async function loadCustomer(scope: TenantScope, customerId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ id: customers.id, name: customers.name, passwordPolicyId: customers.passwordPolicyId })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!row) throw notFound("Customer");
  return row;
}

/**
 * Sets a customer's own policy, or with null makes it follow the tenant default again. Another tenant's
 * customer is NOT_FOUND; another tenant's policy is refused on the field, like one that does not exist.
 */
export async function setCustomerPolicy(scope: TenantScope, input: z.infer<typeof customerPolicyInput>): Promise<void> {
  const { db: tx, tenantId } = scope;
  const customer = await loadCustomer(scope, input.customerId);
  if (customer.passwordPolicyId === input.policyId) return;
  let policyName: string | null = null;
  if (input.policyId) {
    const [policy] = await tx
      .select({ name: passwordPolicies.name })
      .from(passwordPolicies)
      .where(and(eq(passwordPolicies.tenantId, tenantId), eq(passwordPolicies.id, input.policyId)));
    if (!policy) throw badInput("policyId", "That password policy was not found.");
    policyName = policy.name;
  }
  await tx
    .update(customers)
    .set({ passwordPolicyId: input.policyId })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customer.id)));
  await audit(scope, {
    action: "customer.policy_changed",
    target: { type: "customer", id: customer.id },
    details: { customer: customer.name, policyId: input.policyId, policy: policyName ?? "tenant default" },
  });
}

/**
 * The policy that governs a credential: its own policy if it names one, else its customer's override, else
 * the tenant default. The customer must exist in the tenant either way.
 */
export async function effectivePolicy(scope: TenantScope, target: { customerId: string; policyId?: string | null }): Promise<PasswordPolicy> {
  const customer = await loadCustomer(scope, target.customerId);
  const policyId = target.policyId ?? customer.passwordPolicyId;
  return policyId ? getPolicy(scope, policyId) : defaultPolicy(scope);
}

/** When a password set at `from` expires under the policy; null when the policy has no maximum age. */
export function expiryFor(policy: Pick<PolicyRules, "maxAgeDays">, from: Date): Date | null {
  return policy.maxAgeDays === null ? null : new Date(from.getTime() + policy.maxAgeDays * 86_400_000);
}

/**
 * A fresh random password: by the given options, or for a policy (the tenant default when none is named).
 * Not stored and not a secret yet, so it is neither audited nor sealed.
 */
export async function generatePassword(
  scope: TenantScope,
  input: z.infer<typeof generatePasswordInput>,
): Promise<{ password: string; policyId: string | null }> {
  if (input.options && input.policyId) throw badInput("options", "Generate for a policy or with options, not both.");
  if (input.options) return { password: generate(input.options), policyId: null };
  const policy = input.policyId ? await getPolicy(scope, input.policyId) : await defaultPolicy(scope);
  return { password: generateForPolicy(policy), policyId: policy.id };
}
