import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { InvitePanel } from "@/components/auth/invite-panel";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = Array.isArray(token) ? token[0] : token;
  return (
    <AuthCard title="You are invited to Vaultline">
      {value ? <InvitePanel token={value} /> : <Alert tone="error">This invitation link is incomplete. Ask for a new one.</Alert>}
    </AuthCard>
  );
}
