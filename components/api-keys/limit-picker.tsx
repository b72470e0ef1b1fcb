"use client";

import { CheckboxList } from "@/components/notifications/checkbox-list";
import { FieldError } from "@/components/ui/field-error";

type Option = { value: string; label: string; hint?: string };

/**
 * One limit of an API key (customers, credential groups): everything of that kind the owner sees, or only the chosen
 * ones. The choices load only once "everything" is unticked; the field's error shows under the group either way.
 */
export function LimitPicker({
  id,
  legend,
  allLabel,
  all,
  onAllChange,
  options,
  loading,
  selected,
  onChange,
  empty,
  error,
}: {
  id: string;
  legend: string;
  allLabel: string;
  all: boolean;
  onAllChange: (all: boolean) => void;
  options: readonly Option[] | undefined;
  loading: boolean;
  selected: readonly string[];
  onChange: (next: string[]) => void;
  empty: string;
  error?: string | null;
}) {
  return (
    <div className="space-y-1">
      <label className="flex items-start gap-2 text-sm text-slate-800 dark:text-slate-200">
        <input
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          checked={all}
          onChange={(e) => onAllChange(e.target.checked)}
          aria-describedby={all && error ? `${id}-error` : undefined}
        />
        <span>
          <span className="font-medium">{legend}:</span> {allLabel}
        </span>
      </label>
      {all ? (
        <FieldError id={`${id}-error`} message={error} />
      ) : loading ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        <CheckboxList id={id} legend={`Only these ${legend.toLowerCase()}`} options={options ?? []} selected={selected} onChange={onChange} empty={empty} error={error} />
      )}
    </div>
  );
}
