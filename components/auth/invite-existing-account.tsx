"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { LoadingBlock } from "@/components/ui/loading-block";

/** The invitee already has an account: accept while signed in, or sign in first and come back here. */
export function InviteExistingAccount({ token, invitedEmail }: { token: string; invitedEmail: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const me = useQuery(trpc.account.me.queryOptions(undefined, { retry: false, meta: { allowSignedOut: true } }));
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: ({ slug }) => {
        router.push(`/${slug}`);
      },
    }),
  );

  if (me.isPending) return <LoadingBlock label="Checking whether you are signed in…" />;

  if (me.isError || !me.data) {
    const back = `/invite?token=${encodeURIComponent(token)}`;
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">You already have a Vaultline account. Sign in with {invitedEmail} to accept.</p>
        <Link href={`/login?callbackUrl=${encodeURIComponent(back)}`} className={buttonClasses("primary", "md", "w-full")}>
          Sign in to accept
        </Link>
      </div>
    );
  }

  const wrongAccount = me.data.email !== invitedEmail;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Signed in as <span className="font-medium text-slate-900">{me.data.email}</span>.
      </p>
      {wrongAccount ? (
        <Alert tone="warning">
          This invitation is for {invitedEmail}. Sign out and sign in with that account to accept it.
        </Alert>
      ) : null}
      {accept.error ? <Alert tone="error">{formMessageOf(accept.error)}</Alert> : null}
      <Button className="w-full" pending={accept.isPending || accept.isSuccess} onClick={() => accept.mutate({ token })}>
        Accept invitation
      </Button>
    </div>
  );
}
