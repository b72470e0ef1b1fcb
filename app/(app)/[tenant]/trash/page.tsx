import type { Metadata } from "next";
import { Trash } from "@/components/credentials/trash";

export const metadata: Metadata = { title: "Trash" };

export default async function TrashPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <Trash tenant={tenant} />;
}
