import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  createCustomer,
  createCustomerInput,
  customerForMember,
  customerIdInput,
  listCustomers,
  listCustomersInput,
  updateCustomerInput,
} from "@/server/services/vault/customers";
import { setHolderArchived, updateHolder } from "@/server/services/vault/holders";

const technician = roleProcedure("technician");
const admin = roleProcedure("admin");

export const customersRouter = router({
  list: tenantProcedure.input(listCustomersInput).query(({ ctx, input }) => listCustomers(ctx.scope, input)),
  get: tenantProcedure.input(customerIdInput).query(({ ctx, input }) => customerForMember(ctx.scope, input.customerId)),
  create: technician.input(createCustomerInput).mutation(({ ctx, input }) => createCustomer(ctx.scope, input)),
  update: technician
    .input(updateCustomerInput)
    .mutation(({ ctx, input: { customerId, ...patch } }) => updateHolder(ctx.scope, "customer", customerId, patch)),
  archive: admin.input(customerIdInput).mutation(({ ctx, input }) => setHolderArchived(ctx.scope, "customer", input.customerId, true)),
  unarchive: admin.input(customerIdInput).mutation(({ ctx, input }) => setHolderArchived(ctx.scope, "customer", input.customerId, false)),
});
