"use client";

import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { auditActionLabel } from "@/lib/audit-actions";
import type { AuditFilterValues } from "./use-audit-filters";

export const emptyAuditFilters: AuditFilterValues = { action: "", member: "", customer: "", from: "", to: "" };

type AuditFiltersProps = {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  /** The action codes found in the log; shown in words. */
  actions: readonly string[];
  members: readonly { userId: string; name: string; email: string }[];
  customers: readonly { id: string; name: string }[];
  /** "Customer(s)" or "Site(s)", as the workspace words it. */
  words: { customer: string; customers: string };
  errors: Partial<Record<keyof AuditFilterValues, string>>;
};

const labelClasses = "mb-1 block text-sm font-medium text-slate-800";

/** Filters apply as they change; dates are whole local days, "to" included. */
export function AuditFilters({ values, onChange, actions, members, customers, words, errors }: AuditFiltersProps) {
  const set = (key: keyof AuditFilterValues) => (value: string) => onChange({ ...values, [key]: value });
  const active = Object.values(values).some(Boolean);
  const labelledActions = actions.map((code) => ({ code, label: auditActionLabel(code) })).sort((a, b) => a.label.localeCompare(b.label));
  const select = (key: "action" | "member" | "customer", label: string, all: string, options: { value: string; label: string }[]) => (
    <div className="col-span-2 sm:col-span-1">
      <label htmlFor={`audit-${key}`} className={labelClasses}>
        {label}
      </label>
      <select id={`audit-${key}`} className={controlClasses} value={values[key]} onChange={(e) => set(key)(e.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const date = (key: "from" | "to", label: string, bounds: { min?: string; max?: string }) => (
    <div>
      <label htmlFor={`audit-${key}`} className={labelClasses}>
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
    <form
      role="search"
      aria-label="Filter audit events"
      onSubmit={(e) => e.preventDefault()}
      className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:gap-4 lg:grid-cols-3 xl:grid-cols-[1fr_1fr_1fr_auto_auto_auto] xl:items-end"
    >
      {select(
        "action",
        "Action",
        "All actions",
        labelledActions.map((a) => ({ value: a.code, label: a.label })),
      )}
      {select(
        "member",
        "Member",
        "Everyone",
        members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
      )}
      {select(
        "customer",
        words.customer,
        `All ${words.customers.toLowerCase()}`,
        customers.map((c) => ({ value: c.id, label: c.name })),
      )}
      {date("from", "From", { max: values.to || undefined })}
      {date("to", "To", { min: values.from || undefined })}
      <div className="col-span-2 sm:col-span-1">
        <Button variant="secondary" disabled={!active} onClick={() => onChange(emptyAuditFilters)}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}
