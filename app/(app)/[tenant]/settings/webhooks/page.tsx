import type { Metadata } from "next";
import { WebhooksSettings } from "@/components/webhooks/webhooks-settings";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <WebhooksSettings tenant={tenant} />;
}
