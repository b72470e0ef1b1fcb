import type { Metadata } from "next";
import { ApiKeysSettings } from "@/components/api-keys/api-keys-settings";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <ApiKeysSettings tenant={tenant} />;
}
