import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  createCustomer,
  createCustomerInput,
  customerIdInput,
  customerForViewer,
  listCustomers,
  listCustomersInput,
  setCustomerArchived,
  updateCustomer,
  updateCustomerInput,
} from "@/server/services/vault/customers";
import { viewerOf } from "./viewer";

const technician = roleProcedure("technician");
const admin = roleProcedure("admin");

export const customersRouter = router({
  list: tenantProcedure.input(listCustomersInput).query(({ ctx, input }) => listCustomers(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input)),
  get: tenantProcedure.input(customerIdInput).query(({ ctx, input }) => customerForViewer(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.customerId)),
  create: technician
    .input(createCustomerInput)
    .mutation(({ ctx, input }) => createCustomer(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  update: technician
    .input(updateCustomerInput)
    .mutation(({ ctx, input }) => updateCustomer(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  archive: admin
    .input(customerIdInput)
    .mutation(({ ctx, input }) => setCustomerArchived(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.customerId, true)),
  unarchive: admin
    .input(customerIdInput)
    .mutation(({ ctx, input }) => setCustomerArchived(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.customerId, false)),
});
