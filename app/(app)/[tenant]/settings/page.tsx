import type { Metadata } from "next";
import { GeneralSettings } from "@/components/settings/general-settings";

export const metadata: Metadata = { title: "General settings" };

export default async function GeneralSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <GeneralSettings tenant={tenant} />;
}
