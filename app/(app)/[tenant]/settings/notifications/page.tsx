import type { Metadata } from "next";
import { NotificationsSettings } from "@/components/notifications/notifications-settings";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <NotificationsSettings tenant={tenant} />;
}
