import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { linkClasses } from "@/components/ui/link-classes";
import { userMailDelivery } from "@/server/email/send-email";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  await connection(); // where mail goes is the running server's setting, not the build's
  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email you sign in with. We will send you a link to choose a new password."
      footer={
        <Link href="/login" className={linkClasses}>
          Back to sign in
        </Link>
      }
    >
      <ForgotPasswordForm operatorMailbox={userMailDelivery().kind === "mailbox"} />
    </AuthCard>
  );
}
