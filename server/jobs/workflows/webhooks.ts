import "server-only";
import { attemptDelivery, giveUpDelivery } from "@/server/services/webhooks/deliver";
import { StepFailedError } from "../step";
import { defineWorkflow } from "../workflow";

/**
 * Delivers one webhook event. A failed attempt is retried by the engine with exponential backoff (the embedded
 * runner: 10 s doubling up to 10 min, so 8 retries span about half an hour; Inngest: its own backoff); when the
 * retries are spent, or the address is refused, the delivery is marked failed and counted against its webhook.
 */
export const deliverWebhook = defineWorkflow({
  id: "deliver-webhook",
  trigger: { event: "vaultline/webhook.delivery" },
  concurrency: [{ key: "tenantId", limit: 10 }],
  retries: 8,
  handler: async ({ event, step }) => {
    const { tenantId, deliveryId } = event.data;
    try {
      return await step.run("attempt", () => attemptDelivery(tenantId, deliveryId));
    } catch (error) {
      if (!(error instanceof StepFailedError)) throw error;
      return step.run("give-up", () => giveUpDelivery(tenantId, deliveryId));
    }
  },
});
