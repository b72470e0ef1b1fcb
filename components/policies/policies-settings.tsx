"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useConfirmedAction } from "@/components/forms/use-confirmed-action";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { Table, tdClasses } from "@/components/ui/table";
import { PolicyForm } from "./policy-form";
import { PolicySummary, type PolicyRow } from "./policy-summary";

/** Settings → Password policies: the built-ins, the tenant's own, and which one is the default. */
export function PoliciesSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const queryClient = useQueryClient();
  const { role } = useWorkspace();
  const isAdmin = roleAtLeast(role, "admin");
  const policies = useQuery(trpc.policies.list.queryOptions({ tenant }));
  const [editing, setEditing] = useState<PolicyRow | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey({ tenant }) });
  const setDefault = useMutation(trpc.policies.setDefault.mutationOptions({ onSuccess: refresh }));
  const remove = useConfirmedAction(
    trpc.policies.delete.mutationOptions(),
    (policy: PolicyRow) => ({ tenant, policyId: policy.id }),
    refresh,
  );

  return (
    <>
      <PageHeader
        title="Password policies"
        description={`Every password is checked against its own policy, else its ${words.customer.toLowerCase()}'s, else the default. Maximum age sets its expiry.`}
        actions={isAdmin ? <Button onClick={() => setEditing("new")}>New policy</Button> : null}
      />
      {policies.isPending ? (
        <LoadingBlock label="Loading policies…" />
      ) : policies.isError ? (
        <QueryError error={policies.error} onRetry={() => void policies.refetch()} />
      ) : (
        <Table caption="Password policies" columns={isAdmin ? ["Policy", "Actions"] : ["Policy"]}>
          {policies.data.map((policy) => (
            <tr key={policy.id}>
              <td className={tdClasses}>
                <PolicySummary policy={policy} />
              </td>
              {isAdmin ? (
                <td className={`${tdClasses} whitespace-nowrap`}>
                  <div className="flex flex-wrap gap-2">
                    {!policy.isDefault ? (
                      <Button
                        size="sm"
                        variant="secondary"
                        pending={setDefault.isPending && setDefault.variables?.policyId === policy.id}
                        onClick={() => setDefault.mutate({ tenant, policyId: policy.id })}
                        aria-label={`Make ${policy.name} the default`}
                      >
                        Make default
                      </Button>
                    ) : null}
                    {!policy.builtIn ? (
                      <>
                        <Button size="sm" variant="secondary" onClick={() => setEditing(policy)} aria-label={`Edit ${policy.name}`}>
                          Edit
                        </Button>
                        <Button size="sm" variant="secondary" onClick={() => remove.ask(policy)} aria-label={`Delete ${policy.name}`}>
                          Delete
                        </Button>
                      </>
                    ) : null}
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </Table>
      )}
      {setDefault.error ? <p className="mt-2 text-sm text-red-700">{formMessageOf(setDefault.error)}</p> : null}
      <Dialog open={editing !== null} title={editing === "new" ? "New password policy" : "Edit password policy"} onClose={() => setEditing(null)} size="lg">
        {editing ? <PolicyForm tenant={tenant} policy={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} /> : null}
      </Dialog>
      <ConfirmDialog title={`Delete the policy ${remove.target?.name ?? ""}?`} confirmLabel="Delete policy" {...remove.dialog}>
        Passwords and {words.customers.toLowerCase()} that use it must move to another policy first.
      </ConfirmDialog>
    </>
  );
}
