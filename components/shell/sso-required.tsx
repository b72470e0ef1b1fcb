"use client";

import { useState } from "react";
import { startSso } from "@/components/auth/start-sso";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";

/** What a member sees in a workspace that requires single sign-on when this session came in another way. */
export function SsoRequired({ tenant, tenantName }: { tenant: string; tenantName: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function continueWithSso() {
    setPending(true);
    setError(null);
    const failure = await startSso({ workspace: tenant });
    if (failure === null) return;
    setPending(false);
    setError(failure);
  }

  return (
    <div className="mx-auto max-w-xl space-y-4 rounded-lg border border-amber-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">Single sign-on required</h1>
      <p className="text-sm text-slate-600">
        {tenantName} requires you to sign in through its identity provider. Your other workspaces stay open in this session.
      </p>
      <FormError message={error} />
      <Button onClick={() => void continueWithSso()} pending={pending}>
        Continue with single sign-on
      </Button>
    </div>
  );
}
