import type { Metadata } from "next";
import { CustomerPage } from "@/components/customers/customer-page";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerRoute({ params, searchParams }: { params: Promise<{ tenant: string; id: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  const [{ tenant, id }, { tab }] = await Promise.all([params, searchParams]);
  return <CustomerPage key={id} tenant={tenant} customerId={id} initialTab={typeof tab === "string" ? tab : undefined} />;
}
