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
  list: admin.query(({ ctx }) => listGroups(ctx.scope)),
  create: admin.input(createGroupInput).mutation(({ ctx, input }) => createGroup(ctx.scope, input)),
  update: admin.input(updateGroupInput).mutation(({ ctx, input }) => updateGroup(ctx.scope, input)),
  delete: admin.input(groupIdInput).mutation(({ ctx, input }) => deleteGroup(ctx.scope, input.groupId)),
  addMember: admin.input(groupMemberInput).mutation(({ ctx, input }) => addGroupMember(ctx.scope, input)),
  importMembers: admin.input(importGroupMembersCsvInput).mutation(({ ctx, input }) => importGroupMembersCsv(ctx.scope, input)),
  removeMember: admin.input(groupMemberInput).mutation(({ ctx, input }) => removeGroupMember(ctx.scope, input)),
});
