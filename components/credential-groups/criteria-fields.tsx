"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { deviceTypeLabels, deviceTypes } from "@/components/customers/device-labels";
import { CheckboxList } from "@/components/notifications/checkbox-list";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { Input } from "@/components/ui/input";
import { TextField } from "@/components/ui/text-field";
import { targetKindLabels, type CriteriaDraft, type DeviceTypeCriterion, type TargetKind } from "./criteria";
import { MatchPreview } from "./match-preview";

const targetKinds: TargetKind[] = ["customer", "contact", "device"];

/**
 * What a dynamic group matches: every criterion set must hold, any value within one (empty means any). Patterns
 * match anywhere in the text, ignoring case; `*` stands for any run of characters.
 */
export function CriteriaFields({ tenant, value, onChange, errors }: { tenant: string; value: CriteriaDraft; onChange: (next: CriteriaDraft) => void; errors: Record<string, string> }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const [filter, setFilter] = useState("");
  const search = useDeferredValue(filter.trim());
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ tenant, pageSize: 100, search: search || undefined }), placeholderData: keepPreviousData });
  const set = <K extends keyof CriteriaDraft>(key: K, v: CriteriaDraft[K]) => onChange({ ...value, [key]: v });
  const err = (key: string) => errors[key] ?? errors[`criteria.${key}`] ?? null;

  // Chosen customers stay listed (and can be unticked) even when the filter or the first page leaves them out.
  const listed = customers.data?.items ?? [];
  const customerOptions = [
    ...listed.map((c) => ({ value: c.id, label: c.name })),
    ...value.customerIds.filter((id) => !listed.some((c) => c.id === id)).map((id) => ({ value: id, label: `Chosen ${words.customer.toLowerCase()}`, hint: "not in this list" })),
  ];
  const kinds = targetKindLabels(words);

  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-semibold text-slate-900">Criteria</legend>
      <p className="text-sm text-slate-600">Passwords matching every criterion you set; leave one empty to match any. Patterns ignore case, and * matches anything.</p>
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="space-y-2">
          {(customers.data?.total ?? 0) > 100 || filter ? (
            <div>
              <label htmlFor="cg-customer-filter" className="sr-only">
                Find a {words.customer.toLowerCase()}
              </label>
              <Input id="cg-customer-filter" type="search" placeholder={`Find a ${words.customer.toLowerCase()}…`} value={filter} onChange={(e) => setFilter(e.target.value)} />
            </div>
          ) : null}
          <CheckboxList
            id="cg-customers"
            legend={words.customers}
            options={customerOptions}
            selected={value.customerIds}
            onChange={(next) => set("customerIds", next)}
            empty={customers.isPending ? "Loading…" : `No ${words.customers.toLowerCase()} found.`}
            error={err("customerIds")}
          />
        </div>
        <CheckboxList
          id="cg-target-kinds"
          legend="Filed on"
          options={targetKinds.map((k) => ({ value: k, label: kinds[k] }))}
          selected={value.targetKinds}
          onChange={(next) => set("targetKinds", next as TargetKind[])}
          empty=""
          error={err("targetKinds")}
        />
        <CheckboxList
          id="cg-device-types"
          legend="Device type"
          options={deviceTypes.map((t) => ({ value: t, label: deviceTypeLabels[t] }))}
          selected={value.deviceTypes}
          onChange={(next) => set("deviceTypes", next as DeviceTypeCriterion[])}
          empty=""
          error={err("deviceTypes")}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="cg-tags" label="Tags" hint="Any of these, comma-separated." placeholder="e.g. firewall, vpn" value={value.tags} onChange={(e) => set("tags", e.target.value)} error={err("tags")} />
        <TextField id="cg-name-pattern" label="Description pattern" placeholder="e.g. *admin*" value={value.namePattern} onChange={(e) => set("namePattern", e.target.value)} error={err("namePattern")} />
        <TextField id="cg-username-pattern" label="Username pattern" placeholder="e.g. svc-*" value={value.usernamePattern} onChange={(e) => set("usernamePattern", e.target.value)} error={err("usernamePattern")} />
        <TextField id="cg-domain-pattern" label="Domain pattern" placeholder="e.g. *.corp.local" value={value.domainPattern} onChange={(e) => set("domainPattern", e.target.value)} error={err("domainPattern")} />
      </div>
      <MatchPreview tenant={tenant} value={value} />
    </fieldset>
  );
}
