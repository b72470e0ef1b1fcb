import type { Metadata } from "next";
import { WorkspaceEntityList } from "@/components/customers/workspace-entity-list";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <WorkspaceEntityList tenant={tenant} kind="devices" />;
}
