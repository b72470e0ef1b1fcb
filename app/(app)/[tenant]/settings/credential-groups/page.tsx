import type { Metadata } from "next";
import { CredentialGroupsSettings } from "@/components/credential-groups/credential-groups-settings";

export const metadata: Metadata = { title: "Credential groups" };

export default async function CredentialGroupsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <CredentialGroupsSettings tenant={tenant} />;
}
