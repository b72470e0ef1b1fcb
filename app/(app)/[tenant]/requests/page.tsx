import type { Metadata } from "next";
import { ApprovalsInbox } from "@/components/access/approvals-inbox";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <ApprovalsInbox tenant={tenant} />;
}
