import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { linkClasses } from "@/components/ui/link-classes";
import { ssoErrorMessages, type SsoErrorCode } from "@/lib/sso";

export const metadata: Metadata = { title: "Sign in" };

type Search = { callbackUrl?: string | string[]; error?: string | string[]; sso_error?: string | string[] };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  // next-auth sends failures of its own here as ?error=…; ours arrive through signIn()'s result instead.
  const error = first(params.error);
  // The SSO callback names what went wrong by a code; only our own words for known codes are shown.
  const ssoError = first(params.sso_error);
  const ssoMessage = ssoError && ssoError in ssoErrorMessages ? ssoErrorMessages[ssoError as SsoErrorCode] : undefined;
  return (
    <AuthCard
      title="Sign in to Vaultline"
      footer={
        <>
          New to Vaultline?{" "}
          <Link href="/signup" className={linkClasses}>
            Create a workspace
          </Link>
        </>
      }
    >
      <LoginForm callbackUrl={first(params.callbackUrl)} initialError={error ? "Sign-in failed. Please try again." : undefined} />
      <div className="mt-6 border-t border-slate-200 pt-6">
        <SsoSignIn initialError={ssoMessage} />
      </div>
    </AuthCard>
  );
}
