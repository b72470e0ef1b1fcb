"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { ShareList } from "@/components/sharing/share-list";

/** Who a credential group is shared with, with Revoke (admins manage groups, so every share is theirs to revoke). */
export function CredentialGroupShares({ tenant, groupId, groupName }: { tenant: string; groupId: string; groupName: string }) {
  const trpc = useTRPC();
  const shares = useQuery(trpc.sharing.listForCredentialGroup.queryOptions({ tenant, credentialGroupId: groupId }));
  if (shares.isPending) return <LoadingBlock label="Loading shares…" />;
  if (shares.isError) return <QueryError error={shares.error} onRetry={() => void shares.refetch()} />;
  return <ShareList tenant={tenant} shares={shares.data} subjectName={groupName} canRevoke={() => true} emptyText="Not shared yet: share it with a user group or a member." />;
}
