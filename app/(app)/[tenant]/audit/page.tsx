import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <AuditLog tenant={tenant} />;
}
