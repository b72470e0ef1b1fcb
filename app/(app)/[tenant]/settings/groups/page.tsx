import type { Metadata } from "next";
import { GroupsSettings } from "@/components/groups/groups-settings";

export const metadata: Metadata = { title: "User groups" };

export default async function GroupsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <GroupsSettings tenant={tenant} />;
}
