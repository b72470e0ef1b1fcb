"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormActions } from "@/components/forms/form-actions";
import { listFieldError } from "@/components/forms/trpc-errors";
import { useCreateOrEdit } from "@/components/forms/use-create-or-edit";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import {
  isOwnerlessEventType,
  notificationEventLabels,
  notificationEventTypes,
  type NotificationDelivery,
  type NotificationEventType,
} from "@/lib/notification-events";
import { CheckboxList } from "./checkbox-list";
import type { RecipientOptions, RuleRow } from "./rule-row";

/** Splits the extra-addresses box on commas, semicolons, spaces and new lines. */
function parseEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

/** Creates a rule, or edits one (`rule` given). Every check happens on the server; its messages show by the field. */
export function RuleForm({ tenant, rule, options, onDone }: { tenant: string; rule?: RuleRow; options: RecipientOptions; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const [name, setName] = useState(rule?.name ?? "");
  const [events, setEvents] = useState<NotificationEventType[]>(rule?.events ?? []);
  const [expiringDays, setExpiringDays] = useState(rule?.expiringDays ? String(rule.expiringDays) : "14");
  const [customerId, setCustomerId] = useState(rule?.customerId ?? "");
  const [notifyOwner, setNotifyOwner] = useState(rule?.notifyOwner ?? true);
  const [memberUserIds, setMemberUserIds] = useState<string[]>(rule?.memberUserIds ?? []);
  const [groupIds, setGroupIds] = useState<string[]>(rule?.groupIds ?? []);
  const [extraEmails, setExtraEmails] = useState((rule?.extraEmails ?? []).join("\n"));
  const [delivery, setDelivery] = useState<NotificationDelivery>(rule?.delivery ?? "immediate");
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const { create, update, pending, errors, formMessage } = useCreateOrEdit({
    editing: Boolean(rule),
    create: trpc.notifications.createRule.mutationOptions(),
    update: trpc.notifications.updateRule.mutationOptions(),
    refresh: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.rules.queryKey({ tenant }) }),
    onDone,
  });
  const expiring = events.includes("expiring");
  const ownerlessEvents = events.some(isOwnerlessEventType);
  // Members and groups chosen earlier may have left; keep them visible so they can be unticked.
  const memberOptions = options.members.map((m) => ({ value: m.userId, label: m.name, hint: m.email }));
  const groupOptions = options.groups.map((g) => ({ value: g.id, label: g.name }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const days = expiringDays.trim() === "" ? null : Number(expiringDays);
    const fields = {
      tenant,
      name,
      events,
      expiringDays: expiring ? days : null,
      customerId: customerId || null,
      notifyOwner,
      memberUserIds,
      groupIds,
      extraEmails: parseEmails(extraEmails),
      delivery,
      enabled,
    };
    if (rule) update.mutate({ ...fields, ruleId: rule.id });
    else create.mutate(fields);
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      <TextField id="rule-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required data-autofocus />
      <CheckboxGroup id="rule-events" legend="When this happens" options={notificationEventTypes} labels={notificationEventLabels} value={events} onChange={setEvents} error={listFieldError(errors, "events")} />
      {expiring ? (
        <TextField
          id="rule-expiring-days"
          label="Days before expiry"
          hint="Notify this many days before a password expires (1 to 365)."
          inputMode="numeric"
          value={expiringDays}
          onChange={(e) => setExpiringDays(e.target.value)}
          error={errors.expiringDays}
          required
        />
      ) : null}
      <SelectField
        id="rule-customer"
        label={`${words.customer} scope`}
        value={customerId}
        onChange={(e) => setCustomerId(e.target.value)}
        error={errors.customerId}
        options={[{ value: "", label: `Every ${words.customer.toLowerCase()}` }, ...options.customers.map((c) => ({ value: c.id, label: c.name }))]}
      />
      <div className="space-y-4 rounded-md border border-slate-200 p-4">
        <p className="text-sm font-medium text-slate-800">Recipients</p>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={notifyOwner} onChange={(e) => setNotifyOwner(e.target.checked)} className="size-4 rounded border-slate-300" />
          The password&apos;s owner (the member who created it)
          {ownerlessEvents ? <span className="text-slate-500">— not for device and bulk-reveal events, which have no owner</span> : null}
        </label>
        <CheckboxList
          id="rule-members"
          legend="Members"
          options={memberOptions}
          selected={memberUserIds}
          onChange={setMemberUserIds}
          empty="No members yet."
          error={errors.memberUserIds}
        />
        <CheckboxList
          id="rule-groups"
          legend="Groups"
          options={groupOptions}
          selected={groupIds}
          onChange={setGroupIds}
          empty="No groups yet. Create them under Settings → Groups."
          error={errors.groupIds}
        />
        <div>
          <label htmlFor="rule-emails" className="mb-1 block text-sm font-medium text-slate-800">
            Extra email addresses
          </label>
          <textarea
            id="rule-emails"
            rows={3}
            value={extraEmails}
            onChange={(e) => setExtraEmails(e.target.value)}
            aria-invalid={errors.extraEmails ? true : undefined}
            aria-describedby={`rule-emails-hint${errors.extraEmails ? " rule-emails-error" : ""}`}
            className={controlClasses}
          />
          <p id="rule-emails-hint" className="mt-1 text-sm text-slate-500">
            One per line, or separated by commas. Up to 20.
          </p>
          <FieldError id="rule-emails-error" message={errors.extraEmails} />
        </div>
        <FieldError id="rule-recipients-error" message={errors.recipients} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Delivery</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {(
            [
              ["immediate", "Right away, one email per event"],
              ["digest", "In a daily digest"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name="rule-delivery" value={value} checked={delivery === value} onChange={() => setDelivery(value)} className="size-4" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="size-4 rounded border-slate-300" />
        Enabled
      </label>
      <FormError message={formMessage} />
      <FormActions submitLabel={rule ? "Save rule" : "Create rule"} pending={pending} onCancel={onDone} />
    </form>
  );
}
