import Link from "next/link";
import { linkClasses } from "@/components/ui/link-classes";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordCard } from "./change-password-card";
import { EmailCodesCard } from "./email-codes-card";
import { EmailStatusCard } from "./email-status-card";
import { PasskeysCard } from "./passkeys-card";
import { SessionsCard } from "./sessions-card";
import { TwoFactorCard } from "./two-factor-card";

export function AccountSecurity() {
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-4 text-sm">
        <Link href="/select-workspace" className={linkClasses}>
          ← Back to your workspaces
        </Link>
      </p>
      <PageHeader title="Account security" description="Your password, two-factor authentication, passkeys, the devices signed in to your account, and your email address." />
      <div className="space-y-6">
        <ChangePasswordCard />
        <TwoFactorCard />
        <PasskeysCard />
        <EmailCodesCard />
        <SessionsCard />
        <EmailStatusCard />
      </div>
    </div>
  );
}
