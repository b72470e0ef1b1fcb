import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ConfirmSignUpForm } from "@/components/auth/confirm-sign-up-form";
import { Alert } from "@/components/ui/alert";
import { linkClasses } from "@/components/ui/link-classes";

export const metadata: Metadata = { title: "Create your workspace" };

export default async function ConfirmSignUpPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = Array.isArray(token) ? token[0] : token;
  return (
    <AuthCard title="Create your workspace" description="Enter your password to confirm your email address and create your workspace.">
      {value ? (
        <ConfirmSignUpForm token={value} />
      ) : (
        <Alert tone="error">
          This sign-up link is incomplete.{" "}
          <Link href="/signup" className={linkClasses}>
            Sign up again
          </Link>
        </Alert>
      )}
    </AuthCard>
  );
}
