import type { Metadata } from "next";
import { ImportPage } from "@/components/imports/import-page";

export const metadata: Metadata = { title: "Import passwords" };

type SearchParams = { import?: string | string[]; customer?: string | string[] };
const one = (value: string | string[] | undefined) => (typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined);

export default async function ImportSettingsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<SearchParams> }) {
  const { tenant } = await params;
  const query = await searchParams;
  return <ImportPage tenant={tenant} importId={one(query.import)} customerId={one(query.customer)} />;
}
