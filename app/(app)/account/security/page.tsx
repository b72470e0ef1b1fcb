import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountHeader } from "@/components/account/account-header";
import { AccountSecurity } from "@/components/account/account-security";
import { requireSession } from "@/server/auth/current-session";
import { myAccount } from "@/server/services/tenants/workspaces";

export const metadata: Metadata = { title: "Account security" };

export default async function AccountSecurityPage() {
  const session = await requireSession("/account/security");
  const account = await myAccount(session.userId);
  if (!account) redirect("/login");
  return (
    <div className="min-h-screen">
      <AccountHeader name={account.name} email={account.email} />
      <main id="main" className="px-4 py-8 sm:px-6">
        <AccountSecurity />
      </main>
    </div>
  );
}
