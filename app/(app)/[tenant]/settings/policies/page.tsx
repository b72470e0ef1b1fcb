import type { Metadata } from "next";
import { PoliciesSettings } from "@/components/policies/policies-settings";

export const metadata: Metadata = { title: "Password policies" };

export default async function PasswordPoliciesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <PoliciesSettings tenant={tenant} />;
}
