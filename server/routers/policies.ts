import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  createPolicy,
  createPolicyInput,
  customerPolicyInput,
  deletePolicy,
  effectivePolicy,
  effectivePolicyInput,
  generatePassword,
  generatePasswordInput,
  getPolicy,
  listPolicies,
  policyIdInput,
  setCustomerPolicy,
  setDefaultPolicy,
  updatePolicy,
  updatePolicyInput,
} from "@/server/services/vault/policies";

const admin = roleProcedure("admin");

export const policiesRouter = router({
  list: tenantProcedure.query(({ ctx }) => listPolicies(ctx.scope)),
  get: tenantProcedure.input(policyIdInput).query(({ ctx, input }) => getPolicy(ctx.scope, input.policyId)),
  effective: tenantProcedure.input(effectivePolicyInput).query(({ ctx, input }) => effectivePolicy(ctx.scope, input)),
  // A mutation, not a query: each call must give a new password, never a cached one.
  generate: roleProcedure("technician").input(generatePasswordInput).mutation(({ ctx, input }) => generatePassword(ctx.scope, input)),
  create: admin.input(createPolicyInput).mutation(({ ctx, input }) => createPolicy(ctx.scope, input)),
  update: admin.input(updatePolicyInput).mutation(({ ctx, input }) => updatePolicy(ctx.scope, input)),
  delete: admin.input(policyIdInput).mutation(({ ctx, input }) => deletePolicy(ctx.scope, input.policyId)),
  setDefault: admin.input(policyIdInput).mutation(({ ctx, input }) => setDefaultPolicy(ctx.scope, input.policyId)),
  setCustomerPolicy: admin.input(customerPolicyInput).mutation(({ ctx, input }) => setCustomerPolicy(ctx.scope, input)),
});
