import type { Metadata } from "next";
import { TeamSettings } from "@/components/team/team-settings";
import { userMailDelivery } from "@/server/email/send-email";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <TeamSettings tenant={tenant} operatorMailbox={userMailDelivery().kind === "mailbox"} />;
}
