"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { CredentialPicker, type PickedCredential } from "@/components/credential-groups/credential-picker";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { RadioChoices } from "./radio-choices";

export type ScopeChoice = { type: "all" } | { type: "customer"; customerId: string } | { type: "selection"; picked: PickedCredential[] };
type ScopeType = ScopeChoice["type"];

/** One customer, found by name: a search box and the matching customers to choose from. */
function CustomerChooser({ tenant, customerId, onChange, error }: { tenant: string; customerId: string; onChange: (id: string) => void; error?: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const [search, setSearch] = useState("");
  const term = useDeferredValue(search.trim());
  const list = useQuery({ ...trpc.customers.list.queryOptions({ tenant, search: term || undefined, pageSize: 100 }), placeholderData: keepPreviousData });
  // The one chosen elsewhere (the customer page's Export button) may not be on the first page of names.
  const chosen = useQuery({ ...trpc.customers.get.queryOptions({ tenant, customerId }), enabled: customerId !== "" });
  const options: { id: string; name: string }[] = [...(list.data?.items ?? [])];
  if (chosen.data && !options.some((c) => c.id === chosen.data.id)) options.unshift(chosen.data);
  return (
    <div className="max-w-md space-y-2">
      <div>
        <label htmlFor="export-customer-search" className="mb-1 block text-sm font-medium text-slate-800">
          Find a {words.customer.toLowerCase()}
        </label>
        <Input id="export-customer-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name…" />
      </div>
      <SelectField
        id="export-customer"
        label={words.customer}
        value={customerId}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        options={[{ value: "", label: list.isPending ? "Loading…" : `Choose a ${words.customer.toLowerCase()}` }, ...options.map((c) => ({ value: c.id, label: c.name }))]}
      />
    </div>
  );
}

/** What to export: everything the member may reveal, one customer, or hand-picked passwords. */
export function ExportScopeFields({
  tenant,
  scope,
  onChange,
  errors,
}: {
  tenant: string;
  scope: ScopeChoice;
  onChange: (scope: ScopeChoice) => void;
  errors: Record<string, string>;
}) {
  const words = useTerminology();
  const [customerId, setCustomerId] = useState(scope.type === "customer" ? scope.customerId : "");
  const [picked, setPicked] = useState<PickedCredential[]>(scope.type === "selection" ? scope.picked : []);
  const choose = (type: ScopeType) =>
    onChange(type === "all" ? { type } : type === "customer" ? { type, customerId } : { type, picked });
  return (
    <>
      <RadioChoices<ScopeType>
        name="export-scope"
        legend="What to export"
        value={scope.type}
        onChange={choose}
        choices={[
          { value: "all", label: "Everything you may reveal", hint: "Every password of every " + words.customer.toLowerCase() + " that you can reveal." },
          { value: "customer", label: `One ${words.customer.toLowerCase()}`, hint: `The passwords of one ${words.customer.toLowerCase()}, its ${words.contacts.toLowerCase()} and devices.` },
          { value: "selection", label: "Hand-picked passwords", hint: "Search and add the passwords to export." },
        ]}
      >
        {(type) =>
          type === "customer" ? (
            <CustomerChooser
              tenant={tenant}
              customerId={customerId}
              error={errors["scope.customerId"]}
              onChange={(id) => {
                setCustomerId(id);
                onChange({ type: "customer", customerId: id });
              }}
            />
          ) : type === "selection" ? (
            <CredentialPicker
              tenant={tenant}
              value={picked}
              idPrefix="export-picker"
              words={{ label: "Passwords to export", into: "the export" }}
              onChange={(next) => {
                setPicked(next);
                onChange({ type: "selection", picked: next });
              }}
            />
          ) : null
        }
      </RadioChoices>
      <FieldError id="export-scope-error" message={errors["scope.credentialIds"] ?? errors.scope} />
    </>
  );
}
