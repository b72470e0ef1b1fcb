"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirmedAction } from "@/components/forms/use-confirmed-action";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { ShareDialog } from "@/components/sharing/share-dialog";
import { CredentialGroupForm } from "./credential-group-form";
import { AccessPolicyForm } from "@/components/access/access-policy-form";
import { CredentialGroupShares } from "./credential-group-shares";
import { CriteriaSummary } from "./criteria-summary";
import { EditCredentialGroup } from "./edit-credential-group";
import type { CredentialGroupRow } from "./types";

/** Settings → Credential groups (admins): named sets of passwords, hand-picked or by criteria, to share as one. */
export function CredentialGroupsSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.credentialGroups.list.queryOptions({ tenant }));
  const [editing, setEditing] = useState<CredentialGroupRow | "new" | null>(null);
  const [sharing, setSharing] = useState<CredentialGroupRow | null>(null);
  const remove = useConfirmedAction(
    trpc.credentialGroups.delete.mutationOptions(),
    (group: CredentialGroupRow) => ({ tenant, credentialGroupId: group.id }),
    () => Promise.all([queryClient.invalidateQueries(trpc.credentialGroups.pathFilter()), queryClient.invalidateQueries(trpc.sharing.pathFilter())]),
  );

  return (
    <>
      <PageHeader
        title="Credential groups"
        description="Sets of passwords to share as one: picked by hand, or every password matching criteria."
        actions={<Button onClick={() => setEditing("new")}>New credential group</Button>}
      />
      {groups.isPending ? (
        <LoadingBlock label="Loading credential groups…" />
      ) : groups.isError ? (
        <QueryError error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <EmptyState title="No credential groups yet">Create one, e.g. every firewall password, then share it with a user group.</EmptyState>
      ) : (
        <div className="space-y-4">
          {groups.data.map((group) => (
            <Card
              key={group.id}
              title={
                <span className="flex flex-wrap items-center gap-2">
                  {group.name}
                  <Badge tone={group.kind === "dynamic" ? "info" : "neutral"}>{group.kind === "dynamic" ? "Dynamic" : "Static"}</Badge>
                </span>
              }
              description={
                <>
                  {group.description ? <span className="block">{group.description}</span> : null}
                  {group.kind === "dynamic" && group.criteria ? <CriteriaSummary criteria={group.criteria} /> : null}
                  <span className="block">
                    {group.credentialCount} password{group.credentialCount === 1 ? "" : "s"}
                  </span>
                </>
              }
              actions={
                <>
                  <Button size="sm" variant="secondary" onClick={() => setSharing(group)} aria-label={`Share ${group.name}`}>
                    Share
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => setEditing(group)} aria-label={`Edit ${group.name}`}>
                    Edit
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => remove.ask(group)} aria-label={`Delete ${group.name}`}>
                    Delete
                  </Button>
                </>
              }
            >
              <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Shared with</h3>
              <CredentialGroupShares tenant={tenant} groupId={group.id} groupName={group.name} />
              <h3 className="mt-4 mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Approval</h3>
              <AccessPolicyForm tenant={tenant} subject={{ credentialGroupId: group.id }} subjectName={`the passwords of ${group.name}`} />
            </Card>
          ))}
        </div>
      )}
      <Dialog open={editing !== null} size="lg" title={editing === "new" ? "New credential group" : `Edit ${editing?.name ?? ""}`} onClose={() => setEditing(null)}>
        {editing === "new" ? (
          <CredentialGroupForm tenant={tenant} onDone={() => setEditing(null)} />
        ) : editing ? (
          <EditCredentialGroup tenant={tenant} groupId={editing.id} onDone={() => setEditing(null)} />
        ) : null}
      </Dialog>
      {sharing ? <ShareDialog open tenant={tenant} subject={{ type: "credential_group", id: sharing.id }} subjectName={sharing.name} onClose={() => setSharing(null)} /> : null}
      <ConfirmDialog title={`Delete the credential group ${remove.target?.name ?? ""}?`} confirmLabel="Delete group" {...remove.dialog}>
        Its passwords stay as they are; everyone who had access through this group&apos;s shares loses it.
      </ConfirmDialog>
    </>
  );
}
