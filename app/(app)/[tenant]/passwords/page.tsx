import type { Metadata } from "next";
import { AllPasswords } from "@/components/credentials/all-passwords";

export const metadata: Metadata = { title: "All passwords" };

export default async function PasswordsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <AllPasswords tenant={tenant} />;
}
