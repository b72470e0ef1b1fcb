import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  contactIdInput,
  createContact,
  createContactInput,
  getContact,
  listContacts,
  listContactsInput,
  setContactArchived,
  updateContact,
  updateContactInput,
} from "@/server/services/vault/contacts";
import { viewerOf } from "./viewer";

const technician = roleProcedure("technician");
const admin = roleProcedure("admin");

export const contactsRouter = router({
  list: tenantProcedure.input(listContactsInput).query(({ ctx, input }) => listContacts(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input)),
  get: tenantProcedure.input(contactIdInput).query(({ ctx, input }) => getContact(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.contactId)),
  create: technician
    .input(createContactInput)
    .mutation(({ ctx, input }) => createContact(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  update: technician
    .input(updateContactInput)
    .mutation(({ ctx, input }) => updateContact(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  archive: admin
    .input(contactIdInput)
    .mutation(({ ctx, input }) => setContactArchived(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.contactId, true)),
  unarchive: admin
    .input(contactIdInput)
    .mutation(({ ctx, input }) => setContactArchived(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.contactId, false)),
});
