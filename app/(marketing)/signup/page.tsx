import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { SignupForm } from "@/components/auth/signup-form";
import { linkClasses } from "@/components/ui/link-classes";
import { userMailDelivery } from "@/server/email/send-email";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage() {
  await connection(); // where mail goes is the running server's setting, not the build's
  return (
    <AuthCard
      title="Create your workspace"
      description="One workspace for your MSP. You can invite your team next."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className={linkClasses}>
            Sign in
          </Link>
        </>
      }
    >
      <SignupForm operatorMailbox={userMailDelivery().kind === "mailbox"} />
    </AuthCard>
  );
}
