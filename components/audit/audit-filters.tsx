"use client";

import { CustomerFilter } from "@/components/customers/customer-filter";
import { FieldError } from "@/components/ui/field-error";
import { FilterBar, FilterSelect, filterLabelClasses } from "@/components/ui/filter-bar";
import { controlClasses } from "@/components/ui/input";
import { auditActionLabel } from "@/lib/audit-actions";
import type { AuditFilterValues } from "./use-audit-filters";

export const emptyAuditFilters: AuditFilterValues = { action: "", member: "", customer: "", from: "", to: "" };

type AuditFiltersProps = {
  tenant: string;
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  /** The action codes found in the log; shown in words. */
  actions: readonly string[];
  members: readonly { userId: string; name: string; email: string }[];
  /** "Customer(s)" or "Site(s)", as the workspace words it. */
  words: { customer: string; customers: string };
  errors: Partial<Record<keyof AuditFilterValues, string>>;
};

/** Filters apply as they change; dates are whole local days, "to" included. Customers are searched on the server. */
export function AuditFilters({ tenant, values, onChange, actions, members, words, errors }: AuditFiltersProps) {
  const set = (key: keyof AuditFilterValues) => (value: string) => onChange({ ...values, [key]: value });
  const labelledActions = actions.map((code) => ({ value: code, label: auditActionLabel(code) })).sort((a, b) => a.label.localeCompare(b.label));
  const date = (key: "from" | "to", label: string, bounds: { min?: string; max?: string }) => (
    <div>
      <label htmlFor={`audit-${key}`} className={filterLabelClasses}>
        {label}
      </label>
      <input
        id={`audit-${key}`}
        type="date"
        className={controlClasses}
        value={values[key]}
        {...bounds}
        onChange={(e) => set(key)(e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `audit-${key}-error` : undefined}
      />
      <FieldError id={`audit-${key}-error`} message={errors[key]} />
    </div>
  );
  return (
    <FilterBar
      label="Filter audit events"
      active={Object.values(values).some(Boolean)}
      onClear={() => onChange(emptyAuditFilters)}
      className="mb-4 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-3 xl:grid-cols-[1fr_1fr_1fr_auto_auto_auto] xl:items-end"
    >
      <FilterSelect className="col-span-2 sm:col-span-1" id="audit-action" label="Action" allLabel="All actions" value={values.action} onValueChange={set("action")} options={labelledActions} />
      <FilterSelect
        className="col-span-2 sm:col-span-1"
        id="audit-member"
        label="Member"
        allLabel="Everyone"
        value={values.member}
        onValueChange={set("member")}
        options={members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
      />
      <div className="col-span-2 sm:col-span-1">
        <CustomerFilter tenant={tenant} id="audit-customer" label={words.customer} allLabel={`All ${words.customers.toLowerCase()}`} value={values.customer} onChange={set("customer")} />
      </div>
      {date("from", "From", { max: values.to || undefined })}
      {date("to", "To", { min: values.from || undefined })}
    </FilterBar>
  );
}
