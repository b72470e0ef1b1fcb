import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";

/** What a member without two-factor sees in a workspace that requires it. */
export function TwoFactorRequired({ tenantName }: { tenantName: string }) {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-amber-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">Two-factor authentication required</h1>
      <p className="mt-2 text-sm text-slate-600">
        {tenantName} requires two-factor authentication. Set it up in your account security settings with an authenticator
        app or a passkey, then come back here.
      </p>
      <Link href="/account/security" className={buttonClasses("primary", "md", "mt-4")}>
        Go to account security
      </Link>
    </div>
  );
}
