"use client";

import { useId, useState, type ReactNode, type SelectHTMLAttributes } from "react";
import { Button } from "./button";
import { controlClasses, Input } from "./input";

export const filterLabelClasses = "mb-1 block text-sm font-medium text-slate-800";

/**
 * The filters above a list (audit log, passwords): a search landmark whose controls apply as they change, and one
 * "Clear filters" button, disabled while nothing is filtered. `className` lays the controls out (a grid). On a phone
 * the controls would fill the first screen, so they sit behind a "Filters" button (open when a filter is already on).
 */
export function FilterBar({ label, active, onClear, className, children }: { label: string; active: boolean; onClear: () => void; className: string; children: ReactNode }) {
  const [shownOnPhone, setShownOnPhone] = useState(active);
  const formId = useId();
  return (
    <div>
      <Button variant="secondary" className="sm:hidden" aria-expanded={shownOnPhone} aria-controls={formId} onClick={() => setShownOnPhone(!shownOnPhone)}>
        Filters{active ? " (on)" : ""}
      </Button>
      <form
        id={formId}
        role="search"
        aria-label={label}
        onSubmit={(e) => e.preventDefault()}
        className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${shownOnPhone ? "max-sm:mt-3" : "max-sm:hidden"} ${className}`}
      >
        {children}
        <div className="col-span-full sm:col-span-1 sm:self-end">
          <Button variant="secondary" disabled={!active} onClick={onClear}>
            Clear filters
          </Button>
        </div>
      </form>
    </div>
  );
}

type FilterSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "value" | "onChange"> & {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  /** The first choice, meaning "no filter" (value ""); none for a select that always has a value (a sort order). */
  allLabel?: string;
  options: readonly { value: string; label: string }[];
  /** For a select whose purpose its surroundings make plain: the label is for screen readers only. */
  labelHidden?: boolean;
  className?: string;
};

/** One labelled select of a filter bar or list controls. */
export function FilterSelect({ id, label, value, onValueChange, allLabel, options, labelHidden = false, className = "", ...rest }: FilterSelectProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className={labelHidden ? "sr-only" : filterLabelClasses}>
        {label}
      </label>
      <select id={id} className={controlClasses} value={value} onChange={(e) => onValueChange(e.target.value)} {...rest}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The search box above a list: a type="search" input with a label for screen readers (the placeholder says what it searches). */
export function SearchBox({ id, label, value, onValueChange, placeholder, className = "w-full max-w-sm" }: { id: string; label: string; value: string; onValueChange: (value: string) => void; placeholder: string; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Input id={id} type="search" placeholder={placeholder} value={value} onChange={(e) => onValueChange(e.target.value)} />
    </div>
  );
}
