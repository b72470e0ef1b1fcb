import type { Metadata } from "next";
import { ContactPage } from "@/components/customers/contact-page";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactRoute({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  return <ContactPage key={id} tenant={tenant} contactId={id} />;
}
