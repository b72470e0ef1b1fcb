"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";

/**
 * The customer's password policy: the workspace default, or an override. Admins change it here; others see it.
 * Saved at once on change (audited as customer.policy_changed).
 */
export function CustomerPolicySelect({ tenant, customerId, policyId }: { tenant: string; customerId: string; policyId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useWorkspace();
  const id = useId();
  const policies = useQuery(trpc.policies.list.queryOptions({ tenant }));
  const save = useMutation(
    trpc.policies.setCustomerPolicy.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.customers.pathFilter()),
    }),
  );
  const defaultName = policies.data?.find((p) => p.isDefault)?.name;
  return (
    <span className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium text-slate-700">
        Password policy
      </label>
      <select
        id={id}
        value={save.isPending ? (save.variables?.policyId ?? "") : (policyId ?? "")}
        disabled={!roleAtLeast(role, "admin") || policies.isPending || save.isPending}
        onChange={(e) => save.mutate({ tenant, customerId, policyId: e.target.value || null })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <option value="">Workspace default{defaultName ? ` (${defaultName})` : ""}</option>
        {policies.data
          ?.filter((p) => !p.isDefault || p.id === policyId)
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
      </select>
      {save.error ? <span className="text-red-700">{formMessageOf(save.error)}</span> : null}
    </span>
  );
}
