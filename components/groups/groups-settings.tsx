"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirmedAction } from "@/components/forms/use-confirmed-action";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { GroupForm } from "./group-form";
import { GroupMembers } from "./group-members";
import { ImportMembersForm } from "./import-members-form";

type GroupRow = { id: string; name: string; description: string };

/** Settings → Groups (admins): named sets of members that notification rules can address. */
export function GroupsSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.groups.list.queryOptions({ tenant }));
  const [editing, setEditing] = useState<GroupRow | "new" | null>(null);
  const [importing, setImporting] = useState<GroupRow | null>(null);
  const remove = useConfirmedAction(
    trpc.groups.delete.mutationOptions(),
    (group: GroupRow) => ({ tenant, groupId: group.id }),
    () => queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey({ tenant }) }),
  );

  return (
    <>
      <PageHeader
        title="User groups"
        description="Groups of members, e.g. a network team, that notification rules and shared passwords can address as one."
        actions={<Button onClick={() => setEditing("new")}>New group</Button>}
      />
      {groups.isPending ? (
        <LoadingBlock label="Loading groups…" />
      ) : groups.isError ? (
        <QueryError error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <EmptyState title="No groups yet">Create a group, add members, then name it in a notification rule.</EmptyState>
      ) : (
        <div className="space-y-4">
          {groups.data.map((group) => (
            <Card
              key={group.id}
              title={group.name}
              description={group.description || undefined}
              actions={
                <>
                  <Button size="sm" variant="secondary" onClick={() => setImporting(group)} aria-label={`Import members into ${group.name} from CSV`}>
                    Import CSV
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => setEditing(group)} aria-label={`Rename ${group.name}`}>
                    Rename
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => remove.ask(group)} aria-label={`Delete ${group.name}`}>
                    Delete
                  </Button>
                </>
              }
            >
              <GroupMembers tenant={tenant} group={group} />
            </Card>
          ))}
        </div>
      )}
      <Dialog open={editing !== null} title={editing === "new" ? "New group" : "Rename group"} onClose={() => setEditing(null)}>
        {editing ? <GroupForm tenant={tenant} group={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} /> : null}
      </Dialog>
      <Dialog
        open={importing !== null}
        size="lg"
        title={`Import members into ${importing?.name ?? ""}`}
        description="Nothing is imported unless every row is valid."
        onClose={() => setImporting(null)}
      >
        {importing ? <ImportMembersForm tenant={tenant} group={importing} onDone={() => setImporting(null)} /> : null}
      </Dialog>
      <ConfirmDialog title={`Delete the group ${remove.target?.name ?? ""}?`} confirmLabel="Delete group" {...remove.dialog}>
        Its members stay in the workspace. Notification rules that name it stop reaching them through it.
      </ConfirmDialog>
    </>
  );
}
