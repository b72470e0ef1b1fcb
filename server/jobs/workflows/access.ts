import "server-only";
import { deliverAccessChange } from "@/server/services/access/notify";
import { expireCheckout } from "@/server/services/access/requests";
import { defineWorkflow } from "../workflow";

/**
 * The end of a checkout's window: sleeps until then, and locks the password again (rotating it when the checkout
 * says so). A checkout checked in or revoked earlier makes the wake-up a no-op.
 */
export const endCheckoutAtWindow = defineWorkflow({
  id: "end-checkout-at-window",
  trigger: { event: "vaultline/checkout.started" },
  retries: 5,
  handler: async ({ event, step }) => {
    const { tenantId, requestId, endsAt } = event.data;
    await step.sleepUntil("window-end", new Date(endsAt));
    return step.run("expire", () => expireCheckout(tenantId, requestId));
  },
});

/** Tells approvers and requesters what happened to an access request. */
export const notifyAccessChange = defineWorkflow({
  id: "notify-access-change",
  trigger: { event: "vaultline/access.changed" },
  concurrency: [{ key: "tenantId", limit: 5 }],
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId, requestId, change } = event.data;
    return step.run("deliver", () => deliverAccessChange(tenantId, requestId, change));
  },
});
