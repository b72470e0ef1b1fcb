"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormActions } from "@/components/forms/form-actions";
import { listFieldError } from "@/components/forms/trpc-errors";
import { useCreateOrEdit } from "@/components/forms/use-create-or-edit";
import { useTRPC } from "@/components/providers/trpc";
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
  const { create, update, pending, errors, formMessage } = useCreateOrEdit({
    editing: Boolean(webhook),
    create: trpc.webhooks.create.mutationOptions(),
    update: trpc.webhooks.update.mutationOptions(),
    refresh: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ tenant }) }),
    onDone,
    onCreated: (created) => onCreated(created.signingSecret),
  });

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
      <CheckboxGroup id="webhook-events" legend="Events to send" options={webhookEventTypes} labels={webhookEventLabels} value={events} onChange={setEvents} error={listFieldError(errors, "events")} />
      <FormError message={formMessage} />
      <FormActions submitLabel={webhook ? "Save webhook" : "Add webhook"} pending={pending} onCancel={onDone} />
    </form>
  );
}
