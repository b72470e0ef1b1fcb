"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { Input } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import type { CredentialTarget } from "./types";

export type TargetChoice = { customerId: string; target: CredentialTarget | null };

const encode = (t: CredentialTarget) => `${t.type}:${t.id}`;
function decode(value: string): CredentialTarget | null {
  const [type, id] = value.split(":");
  if (!id || (type !== "customer" && type !== "contact" && type !== "device")) return null;
  return { type, id };
}

/** Where a new password is filed: a customer, then the customer itself or one of its contacts or devices. */
export function TargetPicker({ tenant, value, onChange, error }: { tenant: string; value: TargetChoice; onChange: (v: TargetChoice) => void; error?: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  // A workspace may have thousands of customers: the select lists the first 100 matching the filter.
  const [filter, setFilter] = useState("");
  const search = useDeferredValue(filter.trim());
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ tenant, pageSize: 100, search: search || undefined }), placeholderData: keepPreviousData });
  const contacts = useQuery({ ...trpc.contacts.list.queryOptions({ tenant, customerId: value.customerId, pageSize: 100 }), enabled: !!value.customerId });
  const devices = useQuery({ ...trpc.devices.list.queryOptions({ tenant, customerId: value.customerId, pageSize: 100 }), enabled: !!value.customerId });

  const customerOptions = [{ value: "", label: customers.isPending ? "Loading…" : `Choose a ${words.customer.toLowerCase()}` }, ...(customers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))];
  // The pre-set customer may be beyond the first page: keep it selectable.
  if (value.customerId && !customerOptions.some((o) => o.value === value.customerId)) customerOptions.push({ value: value.customerId, label: `Current ${words.customer.toLowerCase()}` });

  const ownerOptions = value.customerId
    ? [
        { value: encode({ type: "customer", id: value.customerId }), label: `The ${words.customer.toLowerCase()} itself` },
        ...(contacts.data?.items ?? []).map((c) => ({ value: encode({ type: "contact", id: c.id }), label: `${words.contact}: ${c.name}` })),
        ...(devices.data?.items ?? []).map((d) => ({ value: encode({ type: "device", id: d.id }), label: `Device: ${d.name}${d.kind === "agent" ? " (agent)" : ""}` })),
      ]
    : [];
  const current = value.target ? encode(value.target) : "";
  if (current && !ownerOptions.some((o) => o.value === current)) ownerOptions.push({ value: current, label: "Current target" });

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {(customers.data?.total ?? 0) > 100 || filter ? (
        <div className="sm:col-span-2">
          <label htmlFor="credential-customer-filter" className="sr-only">
            Find a {words.customer.toLowerCase()}
          </label>
          <Input
            id="credential-customer-filter"
            type="search"
            placeholder={`Find a ${words.customer.toLowerCase()}…`}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
      ) : null}
      <SelectField
        id="credential-customer"
        label={words.customer}
        value={value.customerId}
        options={customerOptions}
        error={error}
        onChange={(e) => onChange({ customerId: e.target.value, target: e.target.value ? { type: "customer", id: e.target.value } : null })}
      />
      <SelectField
        id="credential-target"
        label="Filed under"
        value={current}
        disabled={!value.customerId}
        options={ownerOptions.length ? ownerOptions : [{ value: "", label: "—" }]}
        onChange={(e) => onChange({ ...value, target: decode(e.target.value) })}
      />
    </div>
  );
}
