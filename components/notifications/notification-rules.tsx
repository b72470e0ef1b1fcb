"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useConfirmedAction } from "@/components/forms/use-confirmed-action";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, tdClasses } from "@/components/ui/table";
import { RuleForm } from "./rule-form";
import type { RuleRow } from "./rule-row";
import { RuleSummary } from "./rule-summary";

/** The workspace's notification rules (admins): list, create, edit, turn off, delete. */
export function NotificationRules({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const rules = useQuery(trpc.notifications.rules.queryOptions({ tenant }));
  const options = useQuery(trpc.notifications.recipientOptions.queryOptions({ tenant }));
  const [editing, setEditing] = useState<RuleRow | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.rules.queryKey({ tenant }) });
  const toggle = useMutation(trpc.notifications.setRuleEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useConfirmedAction(
    trpc.notifications.deleteRule.mutationOptions(),
    (rule: RuleRow) => ({ tenant, ruleId: rule.id }),
    refresh,
  );

  return (
    <Card
      title="Notification rules"
      description="Who hears about what happens to passwords: by email, right away or in a daily digest."
      actions={
        <Button onClick={() => setEditing("new")} disabled={!options.data}>
          New rule
        </Button>
      }
    >
      {rules.isPending ? (
        <LoadingBlock label="Loading rules…" />
      ) : rules.isError ? (
        <QueryError error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title="No notification rules yet">
          Create one to tell owners, members, groups or outside addresses when passwords are revealed, changed, fail to rotate or
          expire.
        </EmptyState>
      ) : (
        <Table caption="Notification rules" columns={["Rule", "Actions"]}>
          {rules.data.map((rule) => (
            <tr key={rule.id}>
              <td className={tdClasses}>
                <RuleSummary rule={rule} options={options.data} customerWord={words.customer} />
              </td>
              <td className={`${tdClasses} whitespace-nowrap`}>
                <div className="flex flex-wrap gap-2">
                  <Button
                    size="sm"
                    variant="secondary"
                    pending={toggle.isPending && toggle.variables?.ruleId === rule.id}
                    onClick={() => toggle.mutate({ tenant, ruleId: rule.id, enabled: !rule.enabled })}
                    aria-label={`${rule.enabled ? "Turn off" : "Turn on"} ${rule.name}`}
                  >
                    {rule.enabled ? "Turn off" : "Turn on"}
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => setEditing(rule)} disabled={!options.data} aria-label={`Edit ${rule.name}`}>
                    Edit
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => remove.ask(rule)} aria-label={`Delete ${rule.name}`}>
                    Delete
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {toggle.error ? <p className="mt-2 text-sm text-red-700">{formMessageOf(toggle.error)}</p> : null}
      {options.isError ? <QueryError error={options.error} onRetry={() => void options.refetch()} /> : null}
      <Dialog open={editing !== null} title={editing === "new" ? "New notification rule" : "Edit notification rule"} onClose={() => setEditing(null)} size="lg">
        {editing && options.data ? (
          <RuleForm tenant={tenant} rule={editing === "new" ? undefined : editing} options={options.data} onDone={() => setEditing(null)} />
        ) : null}
      </Dialog>
      <ConfirmDialog title={`Delete the rule ${remove.target?.name ?? ""}?`} confirmLabel="Delete rule" {...remove.dialog}>
        Nobody will be notified by it any more. Digest items already queued are still sent.
      </ConfirmDialog>
    </Card>
  );
}
