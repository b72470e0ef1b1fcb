import "server-only";
import { wakeOutboxReader } from "@/server/events/outbox";
import { credentialAccessState, requestAccess, requestAccessInput } from "@/server/services/access/requests";
import { defineRoute } from "../route-kit";
import { zApiAccessRequestCreated, zApiAccessState, zIdParams } from "../schemas";

/*
 * Checkouts for API identities: a key asks for a password that needs approval, the request waits in the approvers'
 * inbox like any member's (it is the key owner's request, audited via the key), and once approved the key reveals it
 * while the checkout lasts. Same services as the password page's "Request access".
 */

const accessPath = (id: string) => `/api/v1/passwords/${id}/access`;

export const accessRoutes = [
  defineRoute({
    method: "POST",
    path: "/passwords/{id}/access-requests",
    summary: "Ask for a checkout of a password that needs approval, with a reason (and a ticket id where the policy asks)",
    scope: "secrets:read",
    params: zIdParams,
    body: requestAccessInput.omit({ credentialId: true }),
    response: zApiAccessRequestCreated,
    status: 201,
    handle: async (scope, { params, body }) => {
      const { requestId } = await requestAccess(scope, { ...body, credentialId: params.id });
      scope.afterCommit(wakeOutboxReader);
      return { id: requestId, status: "pending" as const, accessUrl: accessPath(params.id) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/passwords/{id}/access",
    summary: "Whether a password needs approval, and the state of the key owner's request or checkout of it",
    scope: "metadata:read",
    params: zIdParams,
    response: zApiAccessState,
    handle: async (scope, { params }) => {
      const state = await credentialAccessState(scope, params.id);
      const mine = state?.myRequest;
      return {
        approvalRequired: state !== null,
        policy: state ? { maxCheckoutMinutes: state.policy.maxCheckoutMinutes, requireTicket: state.policy.requireTicket } : null,
        myRequest: mine ? { id: mine.id, status: mine.status, windowEndsAt: mine.windowEndsAt?.toISOString() ?? null } : null,
      };
    },
  }),
];
