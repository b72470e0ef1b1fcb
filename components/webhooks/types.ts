import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;
export type WebhookRow = Outputs["webhooks"]["list"][number];
export type DeliveryRow = Outputs["webhooks"]["deliveries"]["items"][number];
