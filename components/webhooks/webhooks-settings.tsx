"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
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
import { Table, tdClasses } from "@/components/ui/table";
import { webhookEventLabels } from "@/lib/webhooks";
import { DeliveryLog } from "./delivery-log";
import { SigningSecret } from "./signing-secret";
import type { WebhookRow } from "./types";
import { WebhookForm } from "./webhook-form";

/** Settings → Webhooks (admins): endpoints, their signing secrets, test events and each one's delivery log. */
export function WebhooksSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hooks = useQuery(trpc.webhooks.list.queryOptions({ tenant }));
  const [editing, setEditing] = useState<WebhookRow | "new" | null>(null);
  const [secret, setSecret] = useState<{ value: string; fresh: boolean } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = hooks.data?.find((h) => h.id === selectedId) ?? hooks.data?.[0] ?? null;
  const refreshList = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ tenant }) });
  const refreshLog = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() });
  const toggle = useMutation(trpc.webhooks.setEnabled.mutationOptions({ onSuccess: refreshList }));
  const sendTest = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: async (_data, input) => {
        setSelectedId(input.webhookId);
        await refreshLog();
      },
    }),
  );
  const reveal = useMutation(trpc.webhooks.revealSecret.mutationOptions({ onSuccess: (r) => setSecret({ value: r.signingSecret, fresh: false }) }));
  const remove = useConfirmedAction(
    trpc.webhooks.delete.mutationOptions(),
    (hook: WebhookRow) => ({ tenant, webhookId: hook.id }),
    refreshList,
  );
  const actionError = toggle.error ?? sendTest.error ?? reveal.error;

  return (
    <>
      <PageHeader title="Webhooks" description="Send password, access, agent and audit events to your own systems, signed so they can check where they came from." />
      <div className="space-y-6">
        <Card title="Endpoints" actions={<Button onClick={() => setEditing("new")}>Add webhook</Button>}>
          {hooks.isPending ? (
            <LoadingBlock label="Loading webhooks…" />
          ) : hooks.isError ? (
            <QueryError error={hooks.error} onRetry={() => void hooks.refetch()} />
          ) : hooks.data.length === 0 ? (
            <EmptyState title="No webhooks yet">Add one to have Vaultline POST events to a URL of yours as they happen.</EmptyState>
          ) : (
            <Table caption="Webhooks" columns={["Webhook", { label: "Actions", labelHidden: true }]}>
              {hooks.data.map((hook) => (
                <tr key={hook.id} data-testid="webhook-row">
                  <td className={tdClasses}>
                    <p className="font-medium">
                      {hook.name} {hook.enabled ? null : <Badge tone="warning">Off</Badge>}
                    </p>
                    <p className="font-mono text-xs break-all text-slate-600">{hook.url}</p>
                    <p className="mt-1 text-xs text-slate-500">{hook.events.map((e) => webhookEventLabels[e]).join(", ")}</p>
                    {hook.disabledReason ? <p className="mt-1 text-xs text-red-700">{hook.disabledReason}</p> : null}
                  </td>
                  <td className={tdClasses}>
                    <div className="flex flex-wrap gap-2">
                      <Button
                        size="sm"
                        variant="secondary"
                        pending={sendTest.isPending && sendTest.variables?.webhookId === hook.id}
                        onClick={() => sendTest.mutate({ tenant, webhookId: hook.id })}
                        aria-label={`Send test event to ${hook.name}`}
                      >
                        Send test event
                      </Button>
                      <Button size="sm" variant="secondary" onClick={() => setSelectedId(hook.id)} aria-label={`Deliveries of ${hook.name}`}>
                        Deliveries
                      </Button>
                      <Button
                        size="sm"
                        variant="secondary"
                        pending={reveal.isPending && reveal.variables?.webhookId === hook.id}
                        onClick={() => reveal.mutate({ tenant, webhookId: hook.id })}
                        aria-label={`Show signing secret of ${hook.name}`}
                      >
                        Signing secret
                      </Button>
                      <Button size="sm" variant="secondary" onClick={() => setEditing(hook)} aria-label={`Edit ${hook.name}`}>
                        Edit
                      </Button>
                      <Button
                        size="sm"
                        variant="secondary"
                        pending={toggle.isPending && toggle.variables?.webhookId === hook.id}
                        onClick={() => toggle.mutate({ tenant, webhookId: hook.id, enabled: !hook.enabled })}
                        aria-label={`${hook.enabled ? "Turn off" : "Turn on"} ${hook.name}`}
                      >
                        {hook.enabled ? "Turn off" : "Turn on"}
                      </Button>
                      <Button size="sm" variant="secondary" onClick={() => remove.ask(hook)} aria-label={`Delete ${hook.name}`}>
                        Delete
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </Table>
          )}
          {actionError ? <p className="mt-2 text-sm text-red-700">{formMessageOf(actionError)}</p> : null}
        </Card>
        {selected ? <DeliveryLog key={selected.id} tenant={tenant} webhook={selected} /> : null}
      </div>
      <Dialog open={editing !== null} title={editing === "new" ? "Add webhook" : "Edit webhook"} onClose={() => setEditing(null)} size="lg">
        {editing ? (
          <WebhookForm
            tenant={tenant}
            webhook={editing === "new" ? undefined : editing}
            onCreated={(value) => {
              setEditing(null);
              setSecret({ value, fresh: true });
            }}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
      <Dialog open={secret !== null} title="Signing secret" onClose={() => setSecret(null)}>
        {secret ? <SigningSecret secret={secret.value} fresh={secret.fresh} onDone={() => setSecret(null)} /> : null}
      </Dialog>
      <ConfirmDialog title={`Delete the webhook ${remove.target?.name ?? ""}?`} confirmLabel="Delete webhook" {...remove.dialog}>
        Its delivery log goes with it, and events waiting to be sent to it are dropped.
      </ConfirmDialog>
    </>
  );
}
