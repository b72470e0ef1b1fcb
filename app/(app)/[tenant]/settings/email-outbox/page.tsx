import type { Metadata } from "next";
import { EmailOutbox } from "@/components/outbox/email-outbox";

export const metadata: Metadata = { title: "Email outbox" };

export default async function EmailOutboxPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <EmailOutbox tenant={tenant} />;
}
