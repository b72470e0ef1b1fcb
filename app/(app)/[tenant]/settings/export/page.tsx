import type { Metadata } from "next";
import { ExportPage } from "@/components/export/export-page";

export const metadata: Metadata = { title: "Export" };

/** `?customer=<id>` preselects that customer (the customer page's Export button). */
export default async function ExportRoute({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ customer?: string | string[] }> }) {
  const [{ tenant }, { customer }] = await Promise.all([params, searchParams]);
  return <ExportPage tenant={tenant} customerId={typeof customer === "string" ? customer : undefined} />;
}
