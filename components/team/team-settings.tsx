"use client";

import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { PageHeader } from "@/components/ui/page-header";
import { InviteForm } from "./invite-form";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";

export function TeamSettings({ tenant, operatorMailbox }: { tenant: string; operatorMailbox: boolean }) {
  const { role, userId } = useWorkspace();
  const isAdmin = roleAtLeast(role, "admin");
  return (
    <>
      <PageHeader
        title="Team"
        description="Changing someone's role or deactivating them signs them out everywhere at once."
      />
      <div className="space-y-6">
        <MembersTable tenant={tenant} actorRole={role} actorUserId={userId} />
        {isAdmin ? (
          <div className="grid gap-6 xl:grid-cols-2">
            <InviteForm tenant={tenant} actorRole={role} operatorMailbox={operatorMailbox} />
            <PendingInvitations tenant={tenant} />
          </div>
        ) : null}
      </div>
    </>
  );
}
