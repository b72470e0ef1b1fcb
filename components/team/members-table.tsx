"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table } from "@/components/ui/table";
import type { MemberRole } from "@/lib/validation";
import { MemberRow } from "./member-row";

const columns = ["Name", "Email", "Role", "Status", "Two-factor", "Actions"] as const;

export function MembersTable({ tenant, actorRole, actorUserId }: { tenant: string; actorRole: MemberRole; actorUserId: string }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.team.members.queryOptions({ tenant }));
  if (members.isPending) return <LoadingBlock label="Loading members…" />;
  if (members.isError) return <QueryError error={members.error} onRetry={() => void members.refetch()} />;
  if (members.data.length === 0) return <EmptyState title="No members yet" />;
  return (
    <Table caption="Workspace members" columns={columns}>
      {members.data.map((m) => (
        <MemberRow key={m.id} tenant={tenant} member={m} actorRole={actorRole} actorUserId={actorUserId} />
      ))}
    </Table>
  );
}
