import type { Metadata } from "next";
import { CustomersList } from "@/components/customers/customers-list";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <CustomersList tenant={tenant} />;
}
