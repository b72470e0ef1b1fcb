import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import { contactIdInput, createContact, createContactInput, listContacts, listContactsInput, updateContactInput } from "@/server/services/vault/contacts";
import { filedHolder, setHolderArchived, updateHolder } from "@/server/services/vault/holders";

const technician = roleProcedure("technician");
const admin = roleProcedure("admin");

export const contactsRouter = router({
  list: tenantProcedure.input(listContactsInput).query(({ ctx, input }) => listContacts(ctx.scope, input)),
  get: tenantProcedure.input(contactIdInput).query(({ ctx, input }) => filedHolder(ctx.scope, "contact", input.contactId)),
  create: technician.input(createContactInput).mutation(({ ctx, input }) => createContact(ctx.scope, input)),
  update: technician
    .input(updateContactInput)
    .mutation(({ ctx, input: { contactId, ...patch } }) => updateHolder(ctx.scope, "contact", contactId, patch)),
  archive: admin.input(contactIdInput).mutation(({ ctx, input }) => setHolderArchived(ctx.scope, "contact", input.contactId, true)),
  unarchive: admin.input(contactIdInput).mutation(({ ctx, input }) => setHolderArchived(ctx.scope, "contact", input.contactId, false)),
});
