import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { VerifyEmailPanel } from "@/components/auth/verify-email-panel";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = Array.isArray(token) ? token[0] : token;
  return (
    <AuthCard title="Confirm your email" description="Confirm that this address belongs to you.">
      {value ? <VerifyEmailPanel token={value} /> : <Alert tone="error">This verification link is incomplete. Sign in and send a new one.</Alert>}
    </AuthCard>
  );
}
