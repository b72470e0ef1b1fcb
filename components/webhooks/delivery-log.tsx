"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import type { WebhookDeliveryStatus } from "@/lib/webhooks";
import type { DeliveryRow, WebhookRow } from "./types";

const statusTones: Record<WebhookDeliveryStatus, BadgeTone> = { pending: "info", succeeded: "success", failed: "danger", cancelled: "neutral" };
const statusWords: Record<WebhookDeliveryStatus, string> = { pending: "Pending", succeeded: "Delivered", failed: "Failed", cancelled: "Cancelled" };

function Outcome({ delivery }: { delivery: DeliveryRow }) {
  const answer = delivery.responseStatus === null ? "no answer" : `HTTP ${delivery.responseStatus}`;
  return (
    <div className="space-y-1">
      <p>
        <Badge tone={statusTones[delivery.status]}>{statusWords[delivery.status]}</Badge>{" "}
        <span className="text-slate-700">
          {delivery.attempts === 0 ? "not tried yet" : `${answer} · ${delivery.durationMs ?? 0} ms · ${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`}
        </span>
      </p>
      {delivery.responseBody ? <p className="line-clamp-2 font-mono text-xs break-all text-slate-600">{delivery.responseBody}</p> : null}
    </div>
  );
}

/** One webhook's recent deliveries, newest first, each with a Redeliver button; refreshes while any is pending. */
export function DeliveryLog({ tenant, webhook }: { tenant: string; webhook: WebhookRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { tenant, webhookId: webhook.id };
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions(input),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === "pending") ? 1000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey(input) });
  const redeliver = useMutation(trpc.webhooks.redeliver.mutationOptions({ onSuccess: refresh }));

  return (
    <Card title={`Deliveries of ${webhook.name}`} description="The latest events sent to this endpoint and what it answered (the first 1 KB)." headingLevel={2}>
      {deliveries.isPending ? (
        <LoadingBlock label="Loading deliveries…" />
      ) : deliveries.isError ? (
        <QueryError error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.items.length === 0 ? (
        <EmptyState title="Nothing sent yet">Send a test event, or wait for one of the events it listens for.</EmptyState>
      ) : (
        // A list of cards rather than a table: it reads the same on a phone, with nothing to scroll sideways.
        <ul aria-label={`Deliveries of ${webhook.name}`} className="divide-y divide-slate-100 rounded-lg border border-slate-200">
          {deliveries.data.items.map((delivery) => (
            <li key={delivery.id} data-testid="webhook-delivery" className="flex flex-wrap items-start gap-x-6 gap-y-2 px-4 py-3 text-sm text-slate-800">
              <div className="min-w-40">
                <p className="font-medium">{delivery.eventType}</p>
                <p className="text-xs text-slate-500">
                  {formatDateTime(delivery.createdAt, true)}
                  {delivery.redeliveryOf ? " · redelivery" : ""}
                </p>
              </div>
              <div className="min-w-0 flex-1 basis-48">
                <Outcome delivery={delivery} />
              </div>
              <Button
                size="sm"
                variant="secondary"
                disabled={delivery.status === "pending"}
                pending={redeliver.isPending && redeliver.variables?.deliveryId === delivery.id}
                onClick={() => redeliver.mutate({ tenant, deliveryId: delivery.id })}
                aria-label={`Redeliver ${delivery.eventType} of ${formatDateTime(delivery.createdAt, true)}`}
              >
                Redeliver
              </Button>
            </li>
          ))}
        </ul>
      )}
      {redeliver.error ? <p className="mt-2 text-sm text-red-700">{formMessageOf(redeliver.error)}</p> : null}
    </Card>
  );
}
