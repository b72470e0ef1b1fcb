import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignupForm } from "@/components/auth/signup-form";
import { linkClasses } from "@/components/ui/link-classes";

export const metadata: Metadata = { title: "Sign up" };

export default function SignupPage() {
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
      <SignupForm />
    </AuthCard>
  );
}
