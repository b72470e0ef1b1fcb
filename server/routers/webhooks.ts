import { roleProcedure, router } from "@/server/trpc";
import {
  createWebhook,
  createWebhookInput,
  deleteWebhook,
  deliveriesInput,
  deliveryIdInput,
  listDeliveries,
  listWebhooks,
  redeliver,
  revealWebhookSecret,
  sendTestEvent,
  setWebhookEnabled,
  setWebhookEnabledInput,
  updateWebhook,
  updateWebhookInput,
  webhookIdInput,
} from "@/server/services/webhooks/webhooks";

const admin = roleProcedure("admin");

export const webhooksRouter = router({
  list: admin.query(({ ctx }) => listWebhooks(ctx.scope)),
  create: admin.input(createWebhookInput).mutation(({ ctx, input }) => createWebhook(ctx.scope, input)),
  update: admin.input(updateWebhookInput).mutation(({ ctx, input }) => updateWebhook(ctx.scope, input)),
  setEnabled: admin.input(setWebhookEnabledInput).mutation(({ ctx, input }) => setWebhookEnabled(ctx.scope, input)),
  delete: admin.input(webhookIdInput).mutation(({ ctx, input }) => deleteWebhook(ctx.scope, input.webhookId)),
  revealSecret: admin.input(webhookIdInput).mutation(({ ctx, input }) => revealWebhookSecret(ctx.scope, input.webhookId)),
  deliveries: admin.input(deliveriesInput).query(({ ctx, input }) => listDeliveries(ctx.scope, input)),
  redeliver: admin.input(deliveryIdInput).mutation(({ ctx, input }) => redeliver(ctx.scope, input.deliveryId)),
  sendTest: admin.input(webhookIdInput).mutation(({ ctx, input }) => sendTestEvent(ctx.scope, input.webhookId)),
});
