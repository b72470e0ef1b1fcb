"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { roleLabels } from "@/lib/validation";
import { InviteExistingAccount } from "./invite-existing-account";
import { InviteNewUserForm } from "./invite-new-user-form";

export function InvitePanel({ token }: { token: string }) {
  const trpc = useTRPC();
  const preview = useQuery(trpc.invitations.preview.queryOptions({ token }, { meta: { allowSignedOut: true } }));

  if (preview.isPending) return <LoadingBlock label="Opening your invitation…" />;
  if (preview.isError) {
    return (
      <div className="space-y-4">
        <Alert tone="error">{formMessageOf(preview.error)}</Alert>
        <Link href="/login" className={`text-sm ${linkClasses}`}>
          Go to sign in
        </Link>
      </div>
    );
  }

  const invitation = preview.data;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-md bg-slate-50 px-4 py-3 text-sm">
        <dt className="text-slate-500">Workspace</dt>
        <dd className="font-medium text-slate-900">{invitation.tenantName}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd className="font-medium text-slate-900">{roleLabels[invitation.role]}</dd>
        <dt className="text-slate-500">Email</dt>
        <dd className="font-medium break-all text-slate-900">{invitation.email}</dd>
      </dl>
      {invitation.accountExists ? (
        <InviteExistingAccount token={token} invitedEmail={invitation.email} />
      ) : (
        <InviteNewUserForm token={token} email={invitation.email} />
      )}
    </div>
  );
}
