import { roleProcedure, router } from "@/server/trpc";
import {
  addGroupMember,
  createGroup,
  createGroupInput,
  deleteGroup,
  groupIdInput,
  groupMemberInput,
  importGroupMembersCsv,
  importGroupMembersCsvInput,
  listGroups,
  removeGroupMember,
  updateGroup,
  updateGroupInput,
} from "@/server/services/groups/groups";

const admin = roleProcedure("admin");

export const groupsRouter = router({
  list: admin.query(({ ctx }) => listGroups(ctx.db, ctx.tenant.tenantId)),
  create: admin.input(createGroupInput).mutation(({ ctx, input }) => createGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  update: admin.input(updateGroupInput).mutation(({ ctx, input }) => updateGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  delete: admin.input(groupIdInput).mutation(({ ctx, input }) => deleteGroup(ctx.db, ctx.tenant.tenantId, ctx.audit, input.groupId)),
  addMember: admin
    .input(groupMemberInput)
    .mutation(({ ctx, input }) => addGroupMember(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  importMembers: admin
    .input(importGroupMembersCsvInput)
    .mutation(({ ctx, input }) => importGroupMembersCsv(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
  removeMember: admin
    .input(groupMemberInput)
    .mutation(({ ctx, input }) => removeGroupMember(ctx.db, ctx.tenant.tenantId, ctx.audit, input)),
});
