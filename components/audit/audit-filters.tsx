"use client";

import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";

export type AuditFilterValues = { action: string; actorUserId: string; from: string; to: string };
export const emptyAuditFilters: AuditFilterValues = { action: "", actorUserId: "", from: "", to: "" };

type AuditFiltersProps = {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  actions: readonly string[];
  actors: readonly { userId: string; name: string; email: string }[];
  errors: Partial<Record<keyof AuditFilterValues, string>>;
};

const labelClasses = "mb-1 block text-sm font-medium text-slate-800";

/** Filters apply as they change; dates are whole local days, "to" included. */
export function AuditFilters({ values, onChange, actions, actors, errors }: AuditFiltersProps) {
  const set = (key: keyof AuditFilterValues) => (value: string) => onChange({ ...values, [key]: value });
  const active = Object.values(values).some(Boolean);
  return (
    <form
      role="search"
      aria-label="Filter audit events"
      onSubmit={(e) => e.preventDefault()}
      className="mb-4 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end"
    >
      <div>
        <label htmlFor="audit-action" className={labelClasses}>
          Action
        </label>
        <select id="audit-action" className={controlClasses} value={values.action} onChange={(e) => set("action")(e.target.value)}>
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-actor" className={labelClasses}>
          Actor
        </label>
        <select id="audit-actor" className={controlClasses} value={values.actorUserId} onChange={(e) => set("actorUserId")(e.target.value)}>
          <option value="">Everyone</option>
          {actors.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({m.email})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-from" className={labelClasses}>
          From
        </label>
        <input
          id="audit-from"
          type="date"
          className={controlClasses}
          value={values.from}
          max={values.to || undefined}
          onChange={(e) => set("from")(e.target.value)}
          aria-invalid={errors.from ? true : undefined}
          aria-describedby={errors.from ? "audit-from-error" : undefined}
        />
        <FieldError id="audit-from-error" message={errors.from} />
      </div>
      <div>
        <label htmlFor="audit-to" className={labelClasses}>
          To
        </label>
        <input
          id="audit-to"
          type="date"
          className={controlClasses}
          value={values.to}
          min={values.from || undefined}
          onChange={(e) => set("to")(e.target.value)}
          aria-invalid={errors.to ? true : undefined}
          aria-describedby={errors.to ? "audit-to-error" : undefined}
        />
        <FieldError id="audit-to-error" message={errors.to} />
      </div>
      <div>
        <Button variant="secondary" disabled={!active} onClick={() => onChange(emptyAuditFilters)}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}
