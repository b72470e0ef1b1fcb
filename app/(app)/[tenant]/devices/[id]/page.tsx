import type { Metadata } from "next";
import { DevicePage } from "@/components/customers/device-page";

export const metadata: Metadata = { title: "Device" };

export default async function DeviceRoute({ params, searchParams }: { params: Promise<{ tenant: string; id: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  const [{ tenant, id }, { tab }] = await Promise.all([params, searchParams]);
  return <DevicePage key={id} tenant={tenant} deviceId={id} initialTab={typeof tab === "string" ? tab : undefined} />;
}
