"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { CredentialGroupForm } from "./credential-group-form";
import { fromCriteria } from "./criteria";

/** Loads a credential group with its hand-picked passwords, then edits it. */
export function EditCredentialGroup({ tenant, groupId, onDone }: { tenant: string; groupId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const group = useQuery(trpc.credentialGroups.get.queryOptions({ tenant, credentialGroupId: groupId }));
  if (group.isPending) return <LoadingBlock label="Loading the group…" />;
  if (group.isError) return <QueryError error={group.error} onRetry={() => void group.refetch()} />;
  const g = group.data;
  return (
    <CredentialGroupForm
      tenant={tenant}
      group={{ id: g.id, name: g.name, description: g.description, kind: g.kind, criteria: fromCriteria(g.criteria), credentials: g.credentials }}
      onDone={onDone}
    />
  );
}
