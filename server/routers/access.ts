import { z } from "zod";
import { wakeOutboxReader } from "@/server/events/outbox";
import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import { accessSubjectInput, getAccessPolicy, removeAccessPolicy, setAccessPolicy, setAccessPolicyInput } from "@/server/services/access/policies";
import {
  cancelAccessRequest,
  checkInAccess,
  credentialAccessState,
  decideAccessInput,
  decideAccessRequest,
  listAccessRequests,
  listAccessRequestsInput,
  requestAccess,
  requestAccessInput,
  requestIdInput,
  revokeAccess,
} from "@/server/services/access/requests";

const admin = roleProcedure("admin");
const subjectInput = z.object({ subject: accessSubjectInput });

/**
 * The request–approve–checkout workflow (issue #6). Admins set which passwords need approval; any member may
 * request one they can view; approvers (or owners/admins) decide in the Approvals inbox; the services check who.
 * Every change that starts or ends a checkout wakes the job engine (window end, rotation, notifications).
 */
export const accessRouter = router({
  policy: admin.input(subjectInput).query(({ ctx, input }) => getAccessPolicy(ctx.scope, input.subject)),
  setPolicy: admin.input(setAccessPolicyInput).mutation(({ ctx, input }) => setAccessPolicy(ctx.scope, input)),
  removePolicy: admin.input(subjectInput).mutation(async ({ ctx, input }) => {
    const removed = await removeAccessPolicy(ctx.scope, input.subject);
    ctx.scope.afterCommit(wakeOutboxReader);
    return removed;
  }),
  state: tenantProcedure
    .input(z.object({ credentialId: z.uuid({ error: "Password id is invalid." }) }))
    .query(({ ctx, input }) => credentialAccessState(ctx.scope, input.credentialId)),
  list: tenantProcedure.input(listAccessRequestsInput).query(({ ctx, input }) => listAccessRequests(ctx.scope, input)),
  request: tenantProcedure.input(requestAccessInput).mutation(async ({ ctx, input }) => {
    const created = await requestAccess(ctx.scope, input);
    ctx.scope.afterCommit(wakeOutboxReader);
    return created;
  }),
  decide: tenantProcedure.input(decideAccessInput).mutation(async ({ ctx, input }) => {
    const decided = await decideAccessRequest(ctx.scope, input);
    ctx.scope.afterCommit(wakeOutboxReader);
    return decided;
  }),
  cancel: tenantProcedure.input(requestIdInput).mutation(async ({ ctx, input }) => {
    const cancelled = await cancelAccessRequest(ctx.scope, input.requestId);
    ctx.scope.afterCommit(wakeOutboxReader);
    return cancelled;
  }),
  checkIn: tenantProcedure.input(requestIdInput).mutation(async ({ ctx, input }) => {
    const ended = await checkInAccess(ctx.scope, input.requestId);
    ctx.scope.afterCommit(wakeOutboxReader);
    return ended;
  }),
  revoke: admin.input(requestIdInput).mutation(async ({ ctx, input }) => {
    const ended = await revokeAccess(ctx.scope, input.requestId);
    ctx.scope.afterCommit(wakeOutboxReader);
    return ended;
  }),
});
