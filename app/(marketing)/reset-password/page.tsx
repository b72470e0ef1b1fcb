import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { linkClasses } from "@/components/ui/link-classes";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = Array.isArray(token) ? token[0] : token;
  return (
    <AuthCard title="Choose a new password" description="After the change, every session of your account is signed out.">
      {value ? (
        <ResetPasswordForm token={value} />
      ) : (
        <Alert tone="error">
          This reset link is incomplete.{" "}
          <Link href="/forgot-password" className={linkClasses}>
            Ask for a new link
          </Link>
        </Alert>
      )}
    </AuthCard>
  );
}
