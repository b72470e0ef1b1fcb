"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";

type Member = { membershipId: string; name: string; email: string; status: "active" | "deactivated" };

/** A group's members, with removal, and a picker to add any other member of the workspace. */
export function GroupMembers({ tenant, group }: { tenant: string; group: { id: string; name: string; members: Member[] } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const team = useQuery(trpc.team.members.queryOptions({ tenant }));
  const [choice, setChoice] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey({ tenant }) });
  const add = useMutation(
    trpc.groups.addMember.mutationOptions({
      onSuccess: async () => {
        setChoice("");
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.groups.removeMember.mutationOptions({ onSuccess: refresh }));
  const inGroup = new Set(group.members.map((m) => m.membershipId));
  const candidates = (team.data ?? []).filter((m) => m.status === "active" && !inGroup.has(m.id));
  const selectId = `group-${group.id}-add`;
  const error = add.error ?? remove.error;

  return (
    <div className="space-y-3">
      {group.members.length === 0 ? (
        <p className="text-sm text-slate-500">No members yet.</p>
      ) : (
        <ul className="space-y-1" aria-label={`Members of ${group.name}`}>
          {group.members.map((m) => (
            <li key={m.membershipId} className="flex flex-wrap items-center gap-2 text-sm text-slate-800">
              <span>
                {m.name} <span className="text-slate-500">{m.email}</span>
              </span>
              {m.status === "deactivated" ? <Badge tone="warning">Deactivated</Badge> : null}
              <Button
                size="sm"
                variant="ghost"
                pending={remove.isPending && remove.variables?.membershipId === m.membershipId}
                onClick={() => remove.mutate({ tenant, groupId: group.id, membershipId: m.membershipId })}
                aria-label={`Remove ${m.name} from ${group.name}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (choice) add.mutate({ tenant, groupId: group.id, membershipId: choice });
        }}
      >
        <div className="min-w-56">
          <label htmlFor={selectId} className="mb-1 block text-sm font-medium text-slate-800">
            Add a member to {group.name}
          </label>
          <select id={selectId} className={controlClasses} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={team.isPending}>
            <option value="">{team.isPending ? "Loading members…" : candidates.length ? "Choose a member" : "Everyone is in this group"}</option>
            {candidates.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" size="sm" variant="secondary" disabled={!choice} pending={add.isPending}>
          Add
        </Button>
      </form>
      {error ? <p className="text-sm text-red-700">{formMessageOf(error)}</p> : null}
    </div>
  );
}
