"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { TextField } from "@/components/ui/text-field";
import { webhookEventLabels, webhookEventTypes, type WebhookEventType } from "@/lib/webhooks";
import type { WebhookRow } from "./types";

/** Creates a webhook (then hands its one-time signing secret to `onCreated`) or edits one (`webhook` given). */
export function WebhookForm({
  tenant,
  webhook,
  onCreated,
  onDone,
}: {
  tenant: string;
  webhook?: WebhookRow;
  onCreated: (signingSecret: string) => void;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(webhook?.name ?? "");
  const [url, setUrl] = useState(webhook?.url ?? "https://");
  const [events, setEvents] = useState<WebhookEventType[]>(webhook?.events ?? []);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ tenant }) });
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async (created) => {
        await refresh();
        onCreated(created.signingSecret);
      },
    }),
  );
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
    }),
  );
  const save = webhook ? update : create;
  const errors = fieldErrorsOf(save.error);
  const eventsError = errors.events ?? Object.entries(errors).find(([k]) => k.startsWith("events."))?.[1];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (webhook) update.mutate({ tenant, webhookId: webhook.id, name, url, events });
    else create.mutate({ tenant, name, url, events });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      <TextField id="webhook-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required data-autofocus />
      <TextField
        id="webhook-url"
        label="Endpoint URL"
        hint="https:// (or http://). Private and loopback addresses only when General settings allow private targets."
        inputMode="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.url}
        required
      />
      <CheckboxGroup id="webhook-events" legend="Events to send" options={webhookEventTypes} labels={webhookEventLabels} value={events} onChange={setEvents} error={eventsError} />
      <FormError message={Object.keys(errors).length ? null : formMessageOf(save.error)} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={save.isPending}>
          {webhook ? "Save webhook" : "Add webhook"}
        </Button>
      </div>
    </form>
  );
}
