import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { linkClasses } from "@/components/ui/link-classes";
import { requireSession } from "@/server/auth/current-session";
import { listMyWorkspaces } from "@/server/services/tenants/workspaces";
import { roleLabels } from "@/lib/validation";

export const metadata: Metadata = { title: "Choose a workspace" };

export default async function SelectWorkspacePage() {
  const session = await requireSession("/select-workspace");
  const workspaces = await listMyWorkspaces(session.userId);
  if (workspaces.length === 1) redirect(`/${workspaces[0]!.slug}`);

  if (workspaces.length === 0) {
    return (
      <AuthCard title="No workspace yet" description="Your account is not a member of any workspace.">
        <div className="space-y-4 text-sm text-slate-600">
          <p>Ask an administrator of your MSP to invite you, then open the link in the invitation email.</p>
          <div className="flex flex-wrap items-center gap-3">
            <SignOutButton />
            <Link href="/account/security" className={linkClasses}>
              Account security
            </Link>
          </div>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a workspace" footer={<Link href="/account/security" className={linkClasses}>Account security</Link>}>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
        {workspaces.map((w) => (
          <li key={w.slug}>
            <Link
              href={`/${w.slug}`}
              className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600"
            >
              <span className="font-medium text-slate-900">{w.name}</span>
              <span className="text-sm text-slate-500">{roleLabels[w.role]}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-6">
        <SignOutButton />
      </div>
    </AuthCard>
  );
}
