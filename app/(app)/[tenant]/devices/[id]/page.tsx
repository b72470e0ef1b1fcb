import type { Metadata } from "next";
import { DevicePage } from "@/components/customers/device-page";

export const metadata: Metadata = { title: "Device" };

export default async function DeviceRoute({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  return <DevicePage key={id} tenant={tenant} deviceId={id} />;
}
